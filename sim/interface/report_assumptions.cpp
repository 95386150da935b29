// The assumptions of a run: every value its scenario files set, with the
// source the file's comment cites. yaml-cpp drops comments, so the files'
// text is read line by line here, tracking indentation for the key path.
// This is not a YAML parser: it reads the block style the shipped configs use
// (keys, `- ` list items, one-line flow maps and lists, block scalars), and
// anything it cannot place keeps its line number, so it is never lost.
#include <algorithm>
#include <set>

#include "cli_common.h"
#include "report.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

//! Splits "value  # comment" where the # starts a comment (after a space, outside quotes).
void split_comment(const std::string& text, std::string& value, std::string& comment) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == '{' || text[i - 1] == ',' || text[i - 1] == ':') quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      value = trim(text.substr(0, i));
      comment = trim(text.substr(i + 1));
      return;
    }
  }
  value = trim(text);
  comment.clear();
}

//! Position of the ':' that ends a plain key at the start of `text`, or npos.
std::size_t key_colon(const std::string& text) {
  if (text.empty() || text[0] == '{' || text[0] == '[' || text[0] == '"' || text[0] == '\'') return std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return i;
    if (c == ' ' && i + 1 < text.size() && text[i + 1] == '#') return std::string::npos;
    if (c == '{' || c == '[' || c == ',') return std::string::npos;
  }
  return std::string::npos;
}

int bracket_balance(const std::string& text) {
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return depth;
}

struct Frame {
  int indent;
  std::string path;
  bool item;  // a `- ` list item
  std::string comment;  // what its own comment (on its line, or above it) cites
};

}  // namespace

std::vector<Assumption> scan_assumptions(const std::string& yaml_text, const std::string& file_name) {
  std::vector<std::string> lines;
  {
    std::size_t start = 0;
    while (start <= yaml_text.size()) {
      const std::size_t end = yaml_text.find('\n', start);
      lines.push_back(yaml_text.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  std::vector<Assumption> out;
  std::vector<Frame> stack;
  std::map<std::string, int> items;  // list path -> items seen
  std::map<std::string, std::string> list_comments;  // list path -> the last comment above one of its items
  std::string block;                 // comment lines just above
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& raw = lines[n];
    const std::string stripped = trim(raw);
    if (stripped.empty()) {
      block.clear();
      continue;
    }
    if (stripped[0] == '#') {
      block += (block.empty() ? "" : " ") + trim(stripped.substr(1));
      continue;
    }
    if (stripped == "---" || stripped == "...") continue;
    int indent = static_cast<int>(raw.find_first_not_of(' '));
    std::string rest = stripped;
    const int line_number = static_cast<int>(n) + 1;
    std::string parent;
    bool list_item = false;
    if (rest.rfind("- ", 0) == 0 || rest == "-") {
      while (!stack.empty() && (stack.back().indent > indent || (stack.back().indent == indent && stack.back().item))) stack.pop_back();
      parent = stack.empty() ? "" : stack.back().path;
      const std::string path = parent + "[" + std::to_string(items[parent]++) + "]";
      // A comment above a list's items covers those after it that cite nothing themselves.
      if (!block.empty()) list_comments[parent] = block;
      const auto covering = list_comments.find(parent);
      stack.push_back({indent, path, true, block.empty() && covering != list_comments.end() ? covering->second : block});
      rest = rest.size() > 2 ? trim(rest.substr(2)) : "";
      indent += 2;
      list_item = true;
      if (rest.empty()) continue;
    }
    std::string key, value, comment;
    const std::size_t colon = key_colon(rest);
    if (colon != std::string::npos) {
      key = trim(rest.substr(0, colon));
      if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) key = key.substr(1, key.size() - 2);
      split_comment(rest.substr(colon + 1), value, comment);
      while (!stack.empty() && stack.back().indent >= indent && !(list_item && stack.back().item && stack.back().indent + 2 == indent))
        stack.pop_back();
      parent = stack.empty() ? "" : stack.back().path;
    } else {
      split_comment(rest, value, comment);
      if (!list_item) {  // a continuation we cannot place: keep it under its parent
        parent = stack.empty() ? "" : stack.back().path;
      } else {
        parent = stack.back().path;
      }
    }
    std::string path = key.empty() ? parent : (parent.empty() ? key : parent + "." + key);
    // A flow value over several lines: join them.
    int depth = bracket_balance(value);
    while (depth > 0 && n + 1 < lines.size()) {
      std::string more, more_comment;
      split_comment(trim(lines[++n]), more, more_comment);
      value += " " + more;
      if (!more_comment.empty()) comment += (comment.empty() ? "" : "; ") + more_comment;
      depth = bracket_balance(value);
    }
    // A block scalar (>-, |): its text is the following more-indented lines.
    if (value == ">-" || value == ">" || value == "|" || value == "|-") {
      std::string text;
      while (n + 1 < lines.size()) {
        const std::string& next = lines[n + 1];
        const std::string t = trim(next);
        if (!t.empty() && static_cast<int>(next.find_first_not_of(' ')) <= indent) break;
        text += (text.empty() || t.empty() ? "" : " ") + t;
        ++n;
      }
      value = trim(text);
    }
    if (key == "extends" && parent.empty()) {
      block.clear();
      continue;  // the file it builds on is listed after it
    }
    if (value.empty() && !key.empty()) {
      // A section: its children follow, and a child citing nothing itself is covered by its comment.
      const std::string cited = comment.empty() ? block : comment;
      stack.push_back({indent, path, false, cited});
      if (!comment.empty()) out.push_back({file_name, line_number, path, "", comment, false});
      block.clear();
      continue;
    }
    std::string cited = comment.empty() ? block : comment;
    for (auto frame = stack.rbegin(); cited.empty() && frame != stack.rend(); ++frame)
      if (!frame->comment.empty())  // an item's comment covers its list
        cited = "(for " + (frame->item ? frame->path.substr(0, frame->path.rfind('[')) : frame->path) + ") " + frame->comment;
    out.push_back({file_name, line_number, path, value, cited, false});
    block.clear();
  }
  return out;
}

std::vector<Assumption> run_assumptions(const RunResults& run, std::string& note) {
  std::vector<Assumption> all;
  const auto text = [&](const char* key) {
    const auto it = run.manifest.find(key);
    return it != run.manifest.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string config = text("config");
  const std::string source = text("config_source");
  std::string path = text("config_path");
  std::string shown = path.empty() ? (source == kDefaultName ? "configs/manchester-2016.yaml (built in)" : source) : path;
  // The --set overrides come first: they replace whatever the files say.
  std::set<std::string> set_paths;
  if (const auto it = run.manifest.find("overrides"); it != run.manifest.end() && it->is_array())
    for (const auto& o : *it) {
      if (!o.is_string()) continue;
      const std::string s = o.get<std::string>();
      const std::size_t eq = s.find('=');
      const std::string key = s.substr(0, eq);
      all.push_back({"--set", 0, key, eq == std::string::npos ? "" : s.substr(eq + 1), "given on the command line", false});
      set_paths.insert(key);
    }
  std::set<std::string> seen = set_paths;  // paths set by a file read earlier (nearer the run) or --set
  fs::path dir = path.empty() ? fs::path() : fs::path(path).parent_path();
  for (int depth = 0; depth < 8 && !config.empty(); ++depth) {
    std::vector<Assumption> rows = scan_assumptions(config, shown);
    std::set<std::string> here;
    for (Assumption& a : rows) {
      for (const std::string& p : seen)
        if (a.path == p || (a.path.size() > p.size() && a.path.compare(0, p.size(), p) == 0 &&
                            (a.path[p.size()] == '.' || a.path[p.size()] == '[')))
          a.replaced = true;
      if (!a.value.empty()) here.insert(a.path);  // a section merges; only values replace
    }
    // A list a nearer file sets (its items path[0], ...) replaces the whole list here, even an empty one.
    for (Assumption& a : rows)
      for (const std::string& p : seen)
        if (p.size() > a.path.size() && p.compare(0, a.path.size(), a.path) == 0 && p[a.path.size()] == '[') a.replaced = true;
    seen.insert(here.begin(), here.end());
    all.insert(all.end(), rows.begin(), rows.end());
    // The file this one extends, relative to its directory.
    std::string extends;
    std::size_t begin = std::string::npos;
    if (config.rfind("extends:", 0) == 0) begin = 8;
    else if (const std::size_t at = config.find("\nextends:"); at != std::string::npos) begin = at + 9;
    if (begin != std::string::npos) {
      std::string v, c;
      const std::size_t end = config.find('\n', begin);
      split_comment(config.substr(begin, end == std::string::npos ? std::string::npos : end - begin), v, c);
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
      extends = v;
    }
    if (extends.empty()) break;
    if (dir.empty()) {
      note = shown + " extends " + extends + ", which could not be located (the run recorded no file path)";
      break;
    }
    const fs::path base = fs::path(extends).is_absolute() ? fs::path(extends) : dir / extends;
    try {
      config = read_text_file(base);
    } catch (const std::exception& e) {
      note = "the base file " + base.string() + " could not be read (" + e.what() +
             "); its values are in the run's manifest.json (resolved_config) without their sources";
      break;
    }
    shown = base.lexically_normal().string();
    dir = base.parent_path();
  }
  return all;
}

}  // namespace caseflow
