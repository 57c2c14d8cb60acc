#include "histogram.h"

#include <QJsonArray>

#include <algorithm>
#include <bit>
#include <cmath>

namespace cicada {

namespace {

// HdrHistogram with unit magnitude 0 and 2048 sub-buckets: a value's magnitude is the number of
// bits it has above the 11 that the first 2048 counters resolve exactly.
constexpr int kSubBucketBits = 11;
constexpr quint64 kSubBucketMask = (quint64(1) << kSubBucketBits) - 1;
constexpr int kChunkBits = 10;

// Values read back from JSON must be integral and within qint64's exact double range.
std::optional<qint64> integerFrom(const QJsonValue &value)
{
    if (!value.isDouble()) {
        return std::nullopt;
    }
    const double d = value.toDouble();
    constexpr double kMaxExact = 9007199254740992.0; // 2^53
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > kMaxExact) {
        return std::nullopt;
    }
    return static_cast<qint64>(d);
}

} // namespace

int Histogram::bucketIndex(qint64 us)
{
    const auto v = static_cast<quint64>(std::clamp<qint64>(us, 0, kHighestTrackableUs));
    const int magnitude = 64 - kSubBucketBits - std::countl_zero(v | kSubBucketMask);
    const auto subBucket = static_cast<int>(v >> magnitude);
    return ((magnitude + 1) << kChunkBits) + subBucket - kChunkSize;
}

qint64 Histogram::lowestValueOf(int index)
{
    const int chunk = index >> kChunkBits;
    const qint64 sub = index & (kChunkSize - 1);
    if (chunk == 0) {
        return sub;
    }
    return (sub + kChunkSize) << (chunk - 1);
}

qint64 Histogram::widthOf(int index)
{
    const int chunk = index >> kChunkBits;
    return chunk <= 1 ? 1 : qint64(1) << (chunk - 1);
}

qint64 Histogram::countAt(int index) const
{
    const auto &chunk = m_chunks[static_cast<size_t>(index >> kChunkBits)];
    return chunk.empty() ? 0 : chunk[static_cast<size_t>(index & (kChunkSize - 1))];
}

void Histogram::addAt(int index, qint64 n)
{
    auto &chunk = m_chunks[static_cast<size_t>(index >> kChunkBits)];
    if (chunk.empty()) {
        chunk.assign(kChunkSize, 0);
    }
    chunk[static_cast<size_t>(index & (kChunkSize - 1))] += n;
}

void Histogram::recordN(qint64 us, qint64 n)
{
    if (n <= 0) {
        return;
    }
    us = std::max<qint64>(us, 0);
    addAt(bucketIndex(us), n);
    if (m_count == 0) {
        m_min = us;
        m_max = us;
    } else {
        m_min = std::min(m_min, us);
        m_max = std::max(m_max, us);
    }
    m_count += n;
    m_sum += us * n;
}

void Histogram::merge(const Histogram &other)
{
    if (other.m_count == 0) {
        return;
    }
    for (size_t c = 0; c < m_chunks.size(); ++c) {
        const auto &src = other.m_chunks[c];
        if (src.empty()) {
            continue;
        }
        auto &dst = m_chunks[c];
        if (dst.empty()) {
            dst = src;
            continue;
        }
        for (size_t i = 0; i < src.size(); ++i) {
            dst[i] += src[i];
        }
    }
    if (m_count == 0) {
        m_min = other.m_min;
        m_max = other.m_max;
    } else {
        m_min = std::min(m_min, other.m_min);
        m_max = std::max(m_max, other.m_max);
    }
    m_count += other.m_count;
    m_sum += other.m_sum;
}

void Histogram::reset()
{
    *this = Histogram();
}

double Histogram::mean() const
{
    return m_count ? static_cast<double>(m_sum) / static_cast<double>(m_count) : 0.0;
}

qint64 Histogram::nearestRank(double p, qint64 n)
{
    if (n <= 0) {
        return 0;
    }
    p = std::clamp(p, 0.0, 100.0);
    // The epsilon absorbs binary noise such as 99.99/100·10000 = 9999.000000000002.
    const double exact = p / 100.0 * static_cast<double>(n);
    const auto rank = static_cast<qint64>(std::ceil(exact - exact * 1e-12));
    return std::clamp<qint64>(rank, 1, n);
}

qint64 Histogram::valueAtPercentile(double p) const
{
    if (m_count == 0) {
        return 0;
    }
    if (p >= 100.0) {
        return m_max;
    }
    const qint64 rank = nearestRank(p, m_count);
    qint64 seen = 0;
    for (size_t c = 0; c < m_chunks.size(); ++c) {
        const auto &chunk = m_chunks[c];
        if (chunk.empty()) {
            continue;
        }
        for (size_t i = 0; i < chunk.size(); ++i) {
            seen += chunk[i];
            if (seen >= rank) {
                const int index = static_cast<int>(c * kChunkSize + i);
                const qint64 mid = lowestValueOf(index) + widthOf(index) / 2;
                return std::clamp(mid, m_min, m_max);
            }
        }
    }
    return m_max; // unreachable while counts and m_count agree
}

QList<std::pair<qint64, qint64>> Histogram::buckets() const
{
    QList<std::pair<qint64, qint64>> out;
    for (size_t c = 0; c < m_chunks.size(); ++c) {
        const auto &chunk = m_chunks[c];
        for (size_t i = 0; i < chunk.size(); ++i) {
            if (chunk[i] != 0) {
                const int index = static_cast<int>(c * kChunkSize + i);
                out.append({lowestValueOf(index) + widthOf(index) / 2, chunk[i]});
            }
        }
    }
    return out;
}

qint64 Histogram::allocatedBytes() const
{
    qint64 bytes = 0;
    for (const auto &chunk : m_chunks) {
        bytes += static_cast<qint64>(chunk.capacity() * sizeof(qint64));
    }
    return bytes;
}

QJsonObject Histogram::toJson() const
{
    QJsonArray buckets;
    for (size_t c = 0; c < m_chunks.size(); ++c) {
        const auto &chunk = m_chunks[c];
        for (size_t i = 0; i < chunk.size(); ++i) {
            if (chunk[i] != 0) {
                buckets.append(QJsonArray{static_cast<qint64>(c * kChunkSize + i), chunk[i]});
            }
        }
    }
    return QJsonObject{{QStringLiteral("count"), m_count},
                       {QStringLiteral("min"), min()},
                       {QStringLiteral("max"), max()},
                       {QStringLiteral("sum"), m_sum},
                       {QStringLiteral("buckets"), buckets}};
}

std::optional<Histogram> Histogram::fromJson(const QJsonObject &json)
{
    const auto count = integerFrom(json.value(QStringLiteral("count")));
    const auto min = integerFrom(json.value(QStringLiteral("min")));
    const auto max = integerFrom(json.value(QStringLiteral("max")));
    const auto sum = integerFrom(json.value(QStringLiteral("sum")));
    const QJsonValue bucketsValue = json.value(QStringLiteral("buckets"));
    if (!count || !min || !max || !sum || !bucketsValue.isArray() || *count < 0 || *min < 0 ||
        *max < *min) {
        return std::nullopt;
    }
    Histogram h;
    qint64 total = 0;
    int previous = -1;
    for (const QJsonValue &pairValue : bucketsValue.toArray()) {
        const QJsonArray pair = pairValue.toArray();
        if (pair.size() != 2) {
            return std::nullopt;
        }
        const auto index = integerFrom(pair.at(0));
        const auto n = integerFrom(pair.at(1));
        if (!index || !n || *index <= previous || *index >= kBucketCount || *n <= 0) {
            return std::nullopt;
        }
        h.addAt(static_cast<int>(*index), *n);
        previous = static_cast<int>(*index);
        total += *n;
    }
    if (total != *count) {
        return std::nullopt;
    }
    // min and max must fall into counters that hold values.
    if (*count > 0 && (h.countAt(bucketIndex(*min)) == 0 || h.countAt(bucketIndex(*max)) == 0)) {
        return std::nullopt;
    }
    h.m_count = *count;
    h.m_sum = *sum;
    h.m_min = *count ? *min : 0;
    h.m_max = *count ? *max : 0;
    return h;
}

bool operator==(const Histogram &a, const Histogram &b)
{
    if (a.m_count != b.m_count || a.m_sum != b.m_sum || a.min() != b.min() || a.max() != b.max()) {
        return false;
    }
    for (int i = 0; i < Histogram::kBucketCount; ++i) {
        if (a.countAt(i) != b.countAt(i)) {
            return false;
        }
    }
    return true;
}

} // namespace cicada
