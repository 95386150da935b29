// RFC 4180 CSV, as spreadsheets write it: quoted fields with commas, quotes
// and line breaks, CRLF, a byte-order mark, and the line of every record.
#include <gtest/gtest.h>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"

using namespace caseflow;

namespace {

std::vector<std::vector<std::string>> fields_of(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& record : read_csv(text, "t.csv", '#')) out.push_back(record.fields);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST(Csv, PlainAndQuotedFields) {
  EXPECT_EQ(fields_of("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(fields_of("\"a\",\"b,c\",\"say \"\"hi\"\"\"\n"), (Rows{{"a", "b,c", "say \"hi\""}}));
  EXPECT_EQ(fields_of("\"\",x\n"), (Rows{{"", "x"}}));
  EXPECT_EQ(fields_of("cin,0,30,\n"), (Rows{{"cin", "0", "30", ""}})) << "a trailing empty field is a field";
  EXPECT_EQ(fields_of("a,b"), (Rows{{"a", "b"}})) << "no final line break";
}

TEST(Csv, LineBreaksByteOrderMarkAndComments) {
  EXPECT_EQ(fields_of("\xEF\xBB\xBFstate,n\r\ncin,1\r\n"), (Rows{{"state", "n"}, {"cin", "1"}}));
  EXPECT_EQ(fields_of("a\rb\r"), (Rows{{"a"}, {"b"}})) << "old Mac line ends";
  EXPECT_EQ(fields_of("# a comment, with \"a quote\nx\n\n\ny\n"), (Rows{{"x"}, {"y"}}));
  const auto records = read_csv("h\n\"two\r\nlines\",z\nlast\n", "t.csv");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"two\r\nlines", "z"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 4) << "lines inside a quoted field are counted";
}

TEST(Csv, MalformedQuotingNamesTheLine) {
  try {
    read_csv("a\nb\n\"open,1\n2\n", "t.csv");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "t.csv");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.message().find("never closed"), std::string::npos) << e.what();
  }
  try {
    read_csv("a\n\"x\"y,1\n", "t.csv");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(e.message().find("after the closing quote"), std::string::npos) << e.what();
  }
}

TEST(Csv, WrittenFieldsReadBack) {
  const std::string text = csv_field("plain") + "," + csv_field("a, b") + "," + csv_field("say \"hi\"\nthen") + "\n";
  EXPECT_EQ(csv_field("plain"), "plain");
  const auto records = read_csv(text, "written.csv");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"plain", "a, b", "say \"hi\"\nthen"}));
}
