#include "demobrokerrequest.h"

#include <QJsonDocument>

namespace cicada {

namespace {

/** Reads integer @p key into @p out; false (with @p error set) when it is not in [low, high]. */
bool readInteger(const QJsonObject &object, QLatin1String key, qint64 low, qint64 high, qint64 *out,
                 QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(-1.0);
    if (!value.isDouble() || number != double(qint64(number)) || number < double(low) ||
        number > double(high)) {
        *error =
            QStringLiteral("\"%1\" must be an integer from %2 to %3").arg(key).arg(low).arg(high);
        return false;
    }
    *out = qint64(number);
    return true;
}

bool readRequiredInteger(const QJsonObject &object, QLatin1String key, qint64 low, qint64 high,
                         qint64 *out, QString *error)
{
    if (!object.contains(key)) {
        *error = QStringLiteral("\"%1\" is missing").arg(key);
        return false;
    }
    return readInteger(object, key, low, high, out, error);
}

} // namespace

DemoBrokerRequest DemoBrokerRequest::parse(const QString &text)
{
    DemoBrokerRequest request;
    // Cheap pre-check: only text that can be a JSON object is parsed.
    qsizetype first = 0;
    while (first < text.size() && text.at(first).isSpace())
        ++first;
    if (first >= text.size() || text.at(first) != u'{')
        return request;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return request;
    request.message = document.object();
    const QJsonObject &object = request.message;
    request.id = object.value(QLatin1String("id"));
    request.nested = object.value(QLatin1String("nested")).toBool(false);
    const QString op = object.value(QLatin1String("op")).toString();

    const auto invalid = [&request](const QString &why) {
        request.kind = Kind::Invalid;
        request.error = why;
        return request;
    };
    if (op == QLatin1String("forget-sessions")) {
        request.kind = Kind::ForgetSessions;
        const int code = object.value(QLatin1String("code")).toInt(0);
        // The codes a peer may send (RFC 6455 §7.4); others would be a protocol error.
        if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
            (code >= 3000 && code <= 4999))
            request.closeCode = code;
    } else if (op == QLatin1String("drop-all")) {
        request.kind = Kind::DropAll;
    } else if (op == QLatin1String("login")) {
        request.kind = Kind::Login;
        request.user = object.value(QLatin1String("user")).toVariant().toString();
        if (request.user.isEmpty())
            request.user = QStringLiteral("user");
    } else if (op == QLatin1String("subscribe")) {
        request.kind = Kind::Subscribe;
        const QJsonValue topic = object.value(QLatin1String("topic"));
        if (!topic.isUndefined() && (!topic.isString() || topic.toString().isEmpty()))
            return invalid(QStringLiteral("\"topic\" must be a non-empty string"));
        request.topic = topic.toString(QStringLiteral("price"));
        request.intervalMs = kDefaultIntervalMs;
        if (!readInteger(object, QLatin1String("interval_ms"), 0, kMaxIntervalMs,
                         &request.intervalMs, &request.error) ||
            !readInteger(object, QLatin1String("count"), 1, std::numeric_limits<qint32>::max(),
                         &request.count, &request.error) ||
            !readInteger(object, QLatin1String("gap_every"), 0, std::numeric_limits<qint32>::max(),
                         &request.gapEvery, &request.error))
            return invalid(request.error);
        if (request.gapEvery == 1)
            return invalid(QStringLiteral("\"gap_every\" must be 0 (no gaps) or at least 2"));
        if (request.intervalMs == 0 && request.count == 0)
            return invalid(QStringLiteral("\"interval_ms\": 0 needs a \"count\""));
    } else if (!request.hasId()) {
        request.kind = Kind::Ack;
    } else if (op == QLatin1String("parts")) {
        request.kind = Kind::Parts;
        if (!readRequiredInteger(object, QLatin1String("n"), 1, kMaxParts, &request.count,
                                 &request.error))
            return invalid(request.error);
    } else if (op == QLatin1String("delay")) {
        request.kind = Kind::Delay;
        if (!readRequiredInteger(object, QLatin1String("ms"), 0, kMaxDelayMs, &request.delayMs,
                                 &request.error))
            return invalid(request.error);
    } else {
        request.kind = Kind::Reply;
    }
    return request;
}

} // namespace cicada
