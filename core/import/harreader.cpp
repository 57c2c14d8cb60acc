#include "harreader.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

QList<NameValue> nameValues(const QJsonValue &list)
{
    QList<NameValue> out;
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QLatin1String("name")).toString(),
                    o.value(QLatin1String("value")).toString(),
                    {}});
    }
    return out;
}

/** Names of the cookies a response sets: its `cookies`, else its Set-Cookie headers. */
QStringList setCookieNames(const QJsonObject &response)
{
    QStringList names;
    for (const NameValue &c : nameValues(response.value(QLatin1String("cookies"))))
        names.append(c.name);
    for (const NameValue &h : nameValues(response.value(QLatin1String("headers")))) {
        if (h.name.compare(QLatin1String("set-cookie"), Qt::CaseInsensitive) != 0)
            continue;
        // Chromium joins several Set-Cookie values with newlines.
        for (const QString &line : h.value.split(QLatin1Char('\n'))) {
            const QString name = line.section(QLatin1Char('='), 0, 0).trimmed();
            if (!name.isEmpty() && !names.contains(name))
                names.append(name);
        }
    }
    return names;
}

} // namespace

QList<RecordedExchange> HarReader::read(const QByteArray &json, QStringList *errors)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        errors->append(QStringLiteral("not JSON: %1 at offset %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
        return {};
    }
    const QJsonValue entries =
        document.object().value(QLatin1String("log")).toObject().value(QLatin1String("entries"));
    if (!entries.isArray()) {
        errors->append(QStringLiteral("$.log.entries: missing; not a HAR file"));
        return {};
    }
    QList<RecordedExchange> out;
    const QJsonArray list = entries.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("$.log.entries[%1]").arg(i);
        const QJsonObject entry = list.at(i).toObject();
        const QJsonObject request = entry.value(QLatin1String("request")).toObject();
        const QJsonObject response = entry.value(QLatin1String("response")).toObject();
        RecordedExchange x;
        x.url = QUrl(request.value(QLatin1String("url")).toString(), QUrl::TolerantMode);
        if (!x.url.isValid() || x.url.host().isEmpty()) {
            errors->append(
                QStringLiteral("%1.request.url: not an absolute URL; entry skipped").arg(path));
            continue;
        }
        x.method = request.value(QLatin1String("method")).toString(QStringLiteral("GET")).toUpper();
        const QDateTime started = QDateTime::fromString(
            entry.value(QLatin1String("startedDateTime")).toString(), Qt::ISODateWithMs);
        x.startedMs = started.isValid() ? started.toMSecsSinceEpoch() : 0;
        x.durationMs = std::max<qint64>(0, qint64(entry.value(QLatin1String("time")).toDouble()));
        for (const NameValue &h : nameValues(request.value(QLatin1String("headers")))) {
            if (h.name.compare(QLatin1String("cookie"), Qt::CaseInsensitive) != 0)
                x.headers.append(h);
        }
        x.cookies = nameValues(request.value(QLatin1String("cookies")));
        const QJsonObject postData = request.value(QLatin1String("postData")).toObject();
        x.bodyMimeType = postData.value(QLatin1String("mimeType")).toString();
        x.body = postData.value(QLatin1String("text")).toString();
        x.status = response.value(QLatin1String("status")).toInt();
        x.responseMimeType = response.value(QLatin1String("content"))
                                 .toObject()
                                 .value(QLatin1String("mimeType"))
                                 .toString();
        x.resourceType = entry.value(QLatin1String("_resourceType")).toString();
        x.setCookies = setCookieNames(response);
        const QString scheme = x.url.scheme();
        x.webSocket = x.status == 101 || scheme == QLatin1String("ws") ||
                      scheme == QLatin1String("wss") ||
                      x.resourceType == QLatin1String("websocket");
        for (const QJsonValue &v : entry.value(QLatin1String("_webSocketMessages")).toArray()) {
            const QJsonObject m = v.toObject();
            RecordedWsMessage message;
            message.sent = m.value(QLatin1String("type")).toString() == QLatin1String("send");
            message.timeMs = qint64(std::llround(m.value(QLatin1String("time")).toDouble() * 1000));
            message.binary = m.value(QLatin1String("opcode")).toInt(1) == 2;
            message.text = m.value(QLatin1String("data")).toString();
            x.wsMessages.append(message);
        }
        std::stable_sort(x.wsMessages.begin(), x.wsMessages.end(),
                         [](const RecordedWsMessage &a, const RecordedWsMessage &b) {
                             return a.timeMs < b.timeMs;
                         });
        out.append(x);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const RecordedExchange &a, const RecordedExchange &b) {
                         return a.startedMs < b.startedMs;
                     });
    return out;
}

} // namespace cicada
