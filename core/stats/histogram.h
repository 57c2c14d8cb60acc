#pragma once

#include <QJsonObject>
#include <QList>
#include <QtGlobal>

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace cicada {

/**
 * @brief HDR-style log-linear histogram of durations in microseconds (3 significant digits).
 *
 * Layout (HdrHistogram with lowest value 1 µs, 2048 sub-buckets): values 0..2047 µs get one
 * counter each; every following power-of-two magnitude [1024·2^m, 2048·2^m) µs (m = 1..21) is
 * split into 1024 counters of width 2^m µs. A counter's width is therefore at most 1/1024 of its
 * lowest value, so any value read back is within 0.1 % of a recorded value (relative error).
 *
 * Range: 0 .. kHighestTrackableUs (2^32 − 1 µs ≈ 71.6 minutes). Larger values are counted in the
 * top counter; min(), max(), mean() always use the exact recorded values. Negative values are
 * recorded as 0.
 *
 * Memory: the 23 magnitudes × 1024 counters × 8 bytes (188 KB when full) are allocated lazily, one
 * 8 KB chunk per magnitude on the first value that falls into it (chunk 0 covers 0..1023 µs).
 * Values up to 100 ms touch at most 8 chunks (64 KB), up to 1 s 11 chunks (88 KB); a narrow
 * distribution (e.g. 20..40 ms) costs 2-3 chunks. An empty histogram costs ~600 bytes.
 *
 * record()/recordN() are O(1); merge() is exact (counts are added). Not thread-safe: one writer.
 */
class Histogram
{
public:
    /// Largest value with its own counter; larger values land in the top counter (µs).
    static constexpr qint64 kHighestTrackableUs = (qint64(1) << 32) - 1;
    /// Counters per magnitude chunk (the "sub-bucket half count").
    static constexpr int kChunkSize = 1024;
    /// Number of magnitude chunks (chunk 0 holds 0..1023 µs, chunk c ≥ 1 holds
    /// [1024·2^(c−1), 2048·2^(c−1)) µs).
    static constexpr int kChunkCount = 23;
    /// Total number of counters (bucket indexes are 0 .. kBucketCount − 1).
    static constexpr int kBucketCount = kChunkCount * kChunkSize;

    Histogram() = default;

    /// Records one value (µs).
    void record(qint64 us) { recordN(us, 1); }
    /// Records @p n occurrences of a value (µs); n ≤ 0 is ignored.
    void recordN(qint64 us, qint64 n);
    /// Adds all counts of @p other (exact).
    void merge(const Histogram &other);
    /// Forgets everything and releases the counters.
    void reset();

    [[nodiscard]] bool isEmpty() const { return m_count == 0; }
    /// Number of recorded values.
    [[nodiscard]] qint64 count() const { return m_count; }
    /// Smallest recorded value (µs, exact); 0 when empty.
    [[nodiscard]] qint64 min() const { return m_count ? m_min : 0; }
    /// Largest recorded value (µs, exact, even above kHighestTrackableUs); 0 when empty.
    [[nodiscard]] qint64 max() const { return m_count ? m_max : 0; }
    /// Sum of all recorded values (µs, exact).
    [[nodiscard]] qint64 sum() const { return m_sum; }
    /// Exact arithmetic mean (µs); 0 when empty.
    [[nodiscard]] double mean() const;

    /**
     * @brief Value at percentile @p p (0..100) by nearest rank, in µs.
     *
     * The rank is nearestRank(p, count()); the result is the midpoint of the counter holding that
     * rank, clamped into [min(), max()] (so it is within 0.1 % of the exact nearest-rank value).
     * p = 100 returns max() exactly; an empty histogram returns 0.
     */
    [[nodiscard]] qint64 valueAtPercentile(double p) const;

    /// Nearest rank for percentile @p p of @p n values: ceil(p/100·n), at least 1, at most n.
    [[nodiscard]] static qint64 nearestRank(double p, qint64 n);

    /// Non-empty counters in ascending order as (representative value µs, count) pairs; the
    /// representative value is the counter's midpoint.
    [[nodiscard]] QList<std::pair<qint64, qint64>> buckets() const;

    /// Bytes of counters currently allocated (for diagnostics).
    [[nodiscard]] qint64 allocatedBytes() const;

    /**
     * @brief Compact JSON: {"count","min","max","sum","buckets":[[index,count],...]}.
     *
     * Only non-zero counters are stored. Numbers are JSON doubles, exact up to 2^53.
     */
    [[nodiscard]] QJsonObject toJson() const;
    /// Inverse of toJson(); std::nullopt when the object is malformed or inconsistent.
    [[nodiscard]] static std::optional<Histogram> fromJson(const QJsonObject &json);

    /// Bucket (counter) index of a value (µs); values are clamped into [0, kHighestTrackableUs].
    [[nodiscard]] static int bucketIndex(qint64 us);
    /// Lowest value (µs) counted by bucket @p index.
    [[nodiscard]] static qint64 lowestValueOf(int index);
    /// Width (µs) of bucket @p index.
    [[nodiscard]] static qint64 widthOf(int index);

    friend bool operator==(const Histogram &a, const Histogram &b);

private:
    [[nodiscard]] qint64 countAt(int index) const;
    void addAt(int index, qint64 n);

    std::array<std::vector<qint64>, kChunkCount> m_chunks; ///< lazily sized to kChunkSize
    qint64 m_count = 0;
    qint64 m_sum = 0; ///< µs
    qint64 m_min = 0; ///< µs, valid when m_count > 0
    qint64 m_max = 0; ///< µs, valid when m_count > 0
};

} // namespace cicada
