//===----------------------------------------------------------------------===//
// report_page.h: what the briefing's page is written from (interface layer,
// not public): everything `caseflow report` read, checked before writing.
//===----------------------------------------------------------------------===//
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "report.h"

namespace caseflow {

//! A chart library inlined into the page.
struct Asset {
  std::string name, version, script, licence;
};

//! The pathway drawn by Graphviz (svg), or its DOT text and why it was not drawn.
struct PathwayPicture {
  std::string svg, dot, note;
};

struct ReportInput {
  std::vector<RunResults> runs;
  std::optional<CompareResults> compare;
  std::optional<SweepResults> sweep;
  std::vector<Asset> assets;
  PathwayPicture pathway;
  std::vector<Assumption> assumptions;
  std::string assumptions_note, generated_utc;
  mutable int charts_drawn = 0;  // set by write_report_page
};

//! The last part of a path, for showing a file's name.
std::string fs_name(const std::string& path);

//! The whole HTML page.
void write_report_page(std::ostream& out, const ReportInput& input);

//! The numbers as an Excel workbook (report_xlsx.cpp); OutputError on failure,
//! or where caseflow was built without libxlsxwriter.
void write_report_workbook(const std::filesystem::path& path, const ReportInput& input);

}  // namespace caseflow
