// `caseflow report --xlsx`: the briefing's numbers as an Excel workbook, since
// planners work in spreadsheets: the summary (every metric by month), the
// finance table, the comparison and the business case, one sheet each. Written
// with libxlsxwriter (Debian: libxlsxwriter-dev) beside its final name and
// renamed into place, as every output file is.
#include <filesystem>

#include "caseflow/interface/output.h"
#include "report_page.h"

#ifdef CASEFLOW_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

namespace caseflow {

namespace fs = std::filesystem;

#ifdef CASEFLOW_HAVE_XLSXWRITER

namespace {

class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, const std::vector<std::string>& header, lxw_format* bold)
      : sheet_(workbook_add_worksheet(book, name)) {
    for (std::size_t c = 0; c < header.size(); ++c)
      worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
    worksheet_freeze_panes(sheet_, 1, 0);
    worksheet_set_column(sheet_, 0, static_cast<lxw_col_t>(header.size() - 1), 14, nullptr);
  }
  void text(std::size_t column, const std::string& value) {
    worksheet_write_string(sheet_, row_, static_cast<lxw_col_t>(column), value.c_str(), nullptr);
  }
  void number(std::size_t column, double value, lxw_format* format = nullptr) {
    if (!std::isnan(value)) worksheet_write_number(sheet_, row_, static_cast<lxw_col_t>(column), value, format);
  }
  void next() { ++row_; }

 private:
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 1;
};

}  // namespace

void write_report_workbook(const fs::path& path, const ReportInput& in) {
  const fs::path temp = temporary_path(path);
  lxw_workbook* book = workbook_new(temp.c_str());
  if (!book) throw OutputError("cannot create " + temp.string());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* pounds = workbook_add_format(book);
  format_set_num_format(pounds, "£#,##0");
  lxw_format* decimal = workbook_add_format(book);
  format_set_num_format(decimal, "0.000");

  Sheet summary(book, "Summary", {"scenario", "month", "month_end", "metric", "mean", "p5", "p25", "p50", "p75", "p95"}, bold);
  for (const RunResults& run : in.runs)
    for (const auto& [metric, series] : run.series) {
      lxw_format* format = metric.rfind("cost_", 0) == 0 ? pounds : nullptr;
      for (std::size_t m = 0; m < series.size(); ++m) {
        const Band& b = series[m];
        if (!b.reported()) continue;
        summary.text(0, run.scenario);
        summary.number(1, static_cast<double>(m));
        summary.text(2, month_date(run.start_date, static_cast<int>(m)));
        summary.text(3, metric);
        summary.number(4, b.mean, format);
        summary.number(5, b.p5, format);
        summary.number(6, b.p25, format);
        summary.number(7, b.p50, format);
        summary.number(8, b.p75, format);
        summary.number(9, b.p95, format);
        summary.next();
      }
    }

  Sheet finance(book, "Finance", {"scenario", "financial_year", "line", "mean", "p5", "p50", "p95"}, bold);
  for (const RunResults& run : in.runs)
    for (const FinanceRow& r : run.finance) {
      finance.text(0, run.scenario);
      finance.text(1, r.year);
      finance.text(2, r.line);
      finance.number(3, r.mean, pounds);
      finance.number(4, r.p5, pounds);
      finance.number(5, r.p50, pounds);
      finance.number(6, r.p95, pounds);
      finance.next();
    }

  if (in.compare) {
    Sheet compare(book, "Comparison", {"scenario", "baseline", "period", "metric", "diff_mean", "ci_low", "ci_high", "p_better"}, bold);
    for (const CompareRow& r : in.compare->rows) {
      compare.text(0, r.scenario);
      compare.text(1, r.baseline);
      compare.text(2, r.period);
      compare.text(3, r.metric);
      compare.number(4, r.diff_mean);
      compare.number(5, r.ci_low);
      compare.number(6, r.ci_high);
      compare.number(7, r.p_better, decimal);
      compare.next();
    }
    Sheet business(book, "Business case",
                   {"scenario", "baseline", "financial_year", "line", "base_mean", "other_mean", "diff_mean", "ci_low", "ci_high"}, bold);
    for (const FinanceCompareRow& r : in.compare->finance) {
      business.text(0, r.scenario);
      business.text(1, r.baseline);
      business.text(2, r.year);
      business.text(3, r.line);
      business.number(4, r.base_mean, pounds);
      business.number(5, r.other_mean, pounds);
      business.number(6, r.diff_mean, pounds);
      business.number(7, r.ci_low, pounds);
      business.number(8, r.ci_high, pounds);
      business.next();
    }
  }
  if (const lxw_error error = workbook_close(book); error != LXW_NO_ERROR) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw OutputError("cannot write " + path.string() + ": " + lxw_strerror(error));
  }
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) {
    fs::remove(temp, error);
    throw OutputError("cannot put " + path.string() + " in place: " + error.message());
  }
}

#else

void write_report_workbook(const fs::path& path, const ReportInput&) {
  throw OutputError("cannot write " + path.string() +
                    ": this caseflow was built without libxlsxwriter (Debian: libxlsxwriter-dev, which "
                    "scripts/install-deps.sh installs); install it and build again");
}

#endif

}  // namespace caseflow
