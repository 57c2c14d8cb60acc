#pragma once

#include "report/deltathreshold.h"
#include "report/resultentry.h"
#include "report/runresult.h"
#include "report/thresholdverdict.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cicada {

/**
 * @brief Two runs side by side: run A (the baseline) and run B (the current run), per
 *        (type, name) and for the Aggregated rows, with the change of each figure from A to B and
 *        the verdicts of delta thresholds (DeltaThreshold).
 *
 * Rows: one per operation (type, name) present in either run, sorted by (name, type), then the
 * Aggregated row; message rows (ResultEntry::isMessage(): pushes, fire-and-forget sends) are left
 * out, as from the headline figures. A row only one run has keeps the other side empty (Row::a or
 * Row::b is nullopt). Either run may be missing altogether (the GUI compares as soon as one side is
 * chosen); then every row has one side only.
 *
 * Figures and their units: pN → µs from the row's histogram; error rate → failures ÷ requests
 * (fraction 0..1); rps → whole-run requests/s (RunResult::rps()). Deltas are B − A (same unit)
 * and (B − A) ÷ A (a fraction; none when A is 0). The CLI (`compare`, `run --baseline`), the
 * HTML comparison report and the GUI's Compare view all read their numbers from here.
 * Value type; keeps (implicitly shared) copies of both runs.
 */
class RunComparison
{
public:
    /// The figures of the comparison table, in column order.
    enum class Figure
    {
        P50,
        P95,
        P99,
        ErrorRate,
        Rps,
    };
    static constexpr int kFigureCount = 5;

    /// A latency or rps cell is "worse" when B is worse than A by more than this share.
    static constexpr double kWorseShare = 0.05;
    /// An error-rate cell is "worse" when B's rate exceeds A's by more than this (0.1 points).
    static constexpr double kWorseErrorRatePoints = 0.001;

    /// One run's side of a row.
    struct Side
    {
        ResultEntry entry;
        double rps = 0; ///< whole-run requests/s
    };

    /// One (type, name), or the Aggregated rows.
    struct Row
    {
        QString type;
        QString name;
        bool aggregated = false;
        std::optional<Side> a; ///< the baseline's row; nullopt when only B has it
        std::optional<Side> b; ///< the current run's row; nullopt when only A has it

        /// The figure on one side (unit as the class doc); nullopt when that side is missing.
        [[nodiscard]] std::optional<double> value(Figure figure, bool current) const;
        /// B − A; nullopt unless both sides are present.
        [[nodiscard]] std::optional<double> delta(Figure figure) const;
        /// (B − A) ÷ A; nullopt unless both sides are present and A is not 0.
        [[nodiscard]] std::optional<double> relative(Figure figure) const;
        /// True when B is worse than A beyond kWorseShare / kWorseErrorRatePoints.
        [[nodiscard]] bool isWorse(Figure figure) const;
        /// "GET /api/items", "Aggregated".
        [[nodiscard]] QString label() const;
    };

    /// Compares @p baseline (A) with @p current (B); either may be nullptr (no run on that side).
    RunComparison(const RunResult *baseline, const RunResult *current);

    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }
    [[nodiscard]] const std::optional<RunResult> &baseline() const { return m_a; }
    [[nodiscard]] const std::optional<RunResult> &current() const { return m_b; }

    /// The verdict of one delta threshold. `measured` is B's value (unit as the rule's metric);
    /// `detail` reads "p95 41.2 ms → 47.9 ms (+16.3 %, limit +10 %)". A rule whose rows are
    /// missing or without requests in either run FAILS with the reason in `detail`.
    [[nodiscard]] ThresholdVerdict evaluate(const DeltaThreshold &rule) const;
    /// One verdict per rule, in order.
    [[nodiscard]] QList<ThresholdVerdict> evaluate(const QList<DeltaThreshold> &rules) const;

    /// The console table: per row three lines (A, B, Δ) under the figures' columns, 3
    /// significant digits, aligned.
    [[nodiscard]] QString table() const;
    /// "Delta thresholds" lines (PASS/FAIL, rule, detail) and a "Result:" line; empty without
    /// verdicts.
    [[nodiscard]] static QString verdictText(const QList<ThresholdVerdict> &verdicts);
    /// The comparison as JSON ("format": "cicada-comparison"), with @p verdicts.
    [[nodiscard]] QJsonObject toJson(const QList<ThresholdVerdict> &verdicts) const;

    /// The figure's column header: "p50 ms", "p95 ms", "p99 ms", "errors %", "rps".
    [[nodiscard]] static QString figureName(Figure figure);
    /// A figure's value for people in its display unit (ms, %, 1/s), 3 significant digits.
    [[nodiscard]] static QString formatValue(Figure figure, double value);
    /// A delta for people, in the figure's display unit without it, then relative to A:
    /// "+0.38 +9.22%"; error rate in percentage points: "+0.50pp"; "–" without both sides.
    [[nodiscard]] static QString formatDelta(const Row &row, Figure figure);
    /// @p value with 3 significant digits and no exponent: 0.0123, 1.23, 12.3, 123, 12346.
    [[nodiscard]] static QString significant(double value);
    /// @p value with as many decimals as 3 significant digits of @p reference take (for a
    /// difference shown beside the values it is taken from).
    [[nodiscard]] static QString significant(double value, double reference);

private:
    [[nodiscard]] static double valueOf(const DeltaThreshold &rule, const RunResult &run,
                                        const ResultEntry &entry);

    std::optional<RunResult> m_a;
    std::optional<RunResult> m_b;
    QList<Row> m_rows;
};

} // namespace cicada
