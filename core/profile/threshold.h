#pragma once

#include <QString>

#include <optional>

namespace cicada {

/**
 * @brief A pass/fail rule on a run's results, parsed from text such as
 *        `p95(WS send:chat) < 200ms`, `error_rate < 1%`, `rps > 100` or
 *        `rate(WS recv:price) > 100`.
 *
 * Grammar (whitespace between the parts is free):
 * ```
 * METRIC [ "(" SELECTOR ")" ] OP NUMBER [UNIT]
 * METRIC   = pN (0 < N ≤ 100, e.g. p50 p90 p95 p99 p99.9) | avg | min | max
 *          | error_rate | rps | requests | failures | rate
 * SELECTOR = TYPE ":" NAME | NAME   (TYPE: an HTTP method such as GET, or "WS <kind>")
 * OP       = "<" | "<=" | ">" | ">="
 * UNIT     = latency metrics: ms (default), s, us or µs; error_rate: % (without it the number is a
 *            fraction 0..1); rps, rate: nothing or /s; requests, failures: nothing
 * ```
 * Without a selector the rule applies to the Aggregated row, which counts timed operations only
 * (HTTP requests, WS connect, awaited sends, wsAwait, ping; DESIGN §11): `error_rate` and `rps`
 * are never diluted by pushes or fire-and-forget sends. A selector may name a message row too:
 * `rate(WS recv:price) > 100` (messages per second of that row; `rate` needs a selector and is the
 * same number as `rps` with one), `p95(WS recv:price) < 200ms` (the pushes' age on arrival; a row
 * whose messages carried no time has "no timed samples" and fails). `(NAME)` without a type takes
 * every operation row with that name, merged (the message rows with that name when no operation
 * row has it). Metric names and units are case-insensitive.
 */
struct Threshold
{
    enum class Metric
    {
        Percentile, ///< response time at a percentile (µs)
        Average,    ///< mean response time (µs)
        Min,        ///< smallest response time (µs)
        Max,        ///< largest response time (µs)
        ErrorRate,  ///< failures / requests (fraction 0..1)
        Rps,        ///< whole-run requests per second
        Requests,   ///< number of requests (failures included)
        Failures,   ///< number of failed requests
        Rate,       ///< whole-run operations or messages per second of one selected row
    };
    enum class Op
    {
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
    };

    /** @brief Why a text is not a threshold, and where. */
    struct ParseError
    {
        int position = 0; ///< 0-based character index into the text given to parse()
        QString message;  ///< plain sentence, e.g. "expected an operator (<, <=, > or >=)"

        /// "'TEXT': MESSAGE (at column N)" — columns are 1-based.
        [[nodiscard]] QString toString(const QString &text) const;
    };

    /** @brief A row selector as written inside parentheses: `(TYPE:NAME)`, `(NAME)`. */
    struct Selector
    {
        QString type;      ///< "GET", "WS send"; empty = any type
        QString name;      ///< empty = every row (also for "(Aggregated)")
        qsizetype end = 0; ///< index just after the closing ')'
    };
    /**
     * Parses the selector whose '(' is at @p open in @p text. The ')' that closes it is the last
     * one followed (after spaces) by one of @p followers, so names may hold parentheses and
     * colons. @p everything says what leaving the selector out means, for the empty-selector
     * error ("all operations"). Shared by threshold and delta-threshold rules.
     */
    /**
     * Reads a percentile metric word ("p95", "p99.9", lower case): true with @p percentile set
     * when @p metric is one; an out-of-range one (not 0 < p ≤ 100) also sets @p error at
     * @p position. False when @p metric is not of the pN form.
     */
    [[nodiscard]] static bool parsePercentile(const QString &metric, int position,
                                              double *percentile, ParseError *error);
    [[nodiscard]] static bool parseSelector(const QString &text, qsizetype open,
                                            const QString &followers, const QString &everything,
                                            Selector *out, ParseError *error);

    QString expression; ///< the text as written, trimmed
    Metric metric = Metric::Percentile;
    double percentile = 0; ///< Metric::Percentile: the percentile, 0 < p ≤ 100
    QString type;          ///< selector type ("GET", "WS send"); empty = any type
    QString name;          ///< selector name; empty = the Aggregated row
    Op op = Op::Less;
    double limit = 0; ///< latency: µs; error rate: fraction; rps: 1/s; counts: count

    /// Parses @p text; on failure returns std::nullopt and fills @p error (may be nullptr).
    [[nodiscard]] static std::optional<Threshold> parse(const QString &text,
                                                        ParseError *error = nullptr);

    /// True for the response-time metrics (percentiles, avg, min, max), whose limit is in µs.
    [[nodiscard]] bool isLatency() const;
    /// True when no selector was given: the rule applies to all operations (Aggregated).
    [[nodiscard]] bool isOverall() const { return name.isEmpty(); }
    /// True when @p measured (same unit as limit) satisfies `measured OP limit`.
    [[nodiscard]] bool holds(double measured) const;
    /// "p95", "p99.9", "avg", "error_rate", ...
    [[nodiscard]] QString metricName() const;
    /// "WS send:chat", "chat" or "all operations".
    [[nodiscard]] QString selectorText() const;
    /// "<", "<=", ">" or ">=".
    [[nodiscard]] QString opText() const;

    bool operator==(const Threshold &) const = default;
};

} // namespace cicada
