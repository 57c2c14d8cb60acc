#include "engine/pushtracker.h"

#include "engine/jsontext.h"
#include "engine/parsedmessage.h"

#include <QDateTime>

#include <cmath>
#include <limits>

namespace cicada {

namespace {

/** Epoch microseconds of a timestamp value; nullopt when it is not one. */
std::optional<qint64> timestampUs(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double ms = v.toDouble();
        // Beyond ±2^53 µs the timestamp is nonsense anyway; refuse it rather than overflow.
        constexpr double kMaxAbsMs = 9.0e12;
        if (!std::isfinite(ms) || std::fabs(ms) > kMaxAbsMs)
            return std::nullopt;
        return qint64(std::llround(ms * 1000.0));
    }
    if (v.isString()) {
        QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!t.isValid())
            return std::nullopt;
        if (t.timeSpec() == Qt::LocalTime)
            t.setTimeSpec(Qt::UTC); // no zone given: the broker's clock is UTC by convention
        return t.toMSecsSinceEpoch() * 1000;
    }
    return std::nullopt;
}

/** An integral sequence number; nullopt otherwise. */
std::optional<qint64> sequenceOf(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    constexpr double kTwoPow62 = 4611686018427387904.0; // keeps n - m - 1 inside qint64
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) >= kTwoPow62)
        return std::nullopt;
    return v.toInteger(qint64(d));
}

} // namespace

PushTracker::PushTracker(PushSettings s) : m_settings(std::move(s)) {}

PushTracker::Result PushTracker::onPush(ParsedMessage &m, qint64 nowEpochUs)
{
    Result result;
    if (m.isBinary()) {
        result.type = QStringLiteral("binary");
        return result;
    }
    const QJsonValue type = m.value(m_settings.typePointer);
    result.type = type.isUndefined() ? QStringLiteral("message") : JsonText::plain(type);

    if (!m_settings.timestampPointer.isEmpty()) {
        if (const auto sent = timestampUs(m.value(m_settings.timestampPointer)))
            result.ageUs = std::max<qint64>(0, nowEpochUs - *sent);
    }
    if (!m_settings.sequencePointer.isEmpty()) {
        if (const auto seq = sequenceOf(m.value(m_settings.sequencePointer))) {
            auto it = m_lastSequence.find(result.type);
            if (it == m_lastSequence.end()) {
                m_lastSequence.insert(result.type, *seq);
            } else if (*seq > *it) {
                result.lost = *seq - *it - 1;
                *it = *seq;
            }
        }
    }
    return result;
}

void PushTracker::reset()
{
    m_lastSequence.clear();
}

} // namespace cicada
