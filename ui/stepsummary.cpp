#include "stepsummary.h"

#include "stepoptionjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

namespace cicada {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StepSummary", text);
}

/** A scalar as the profile spells it: "1s", 16, true. */
QString scalarText(const QJsonValue &value)
{
    return value.isString() ? value.toString() : StepOptionJson::looseText(value);
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

} // namespace

QString StepSummary::kind(const QJsonObject &step)
{
    for (auto it = step.begin(); it != step.end(); ++it) {
        if (it.key() != QLatin1String("comment"))
            return it.key();
    }
    return {};
}

QString StepSummary::summary(const QJsonObject &step)
{
    const QString k = kind(step);
    const QJsonValue value = step.value(k);
    const QJsonObject body = value.toObject();
    const QString name = body.value(QLatin1String("name")).toString();
    auto named = [&](const char *prefix, const QString &fallback = {}) {
        const QString shown = name.isEmpty() ? fallback : name;
        return shown.isEmpty() ? tr(prefix) : tr(prefix) + QLatin1Char(' ') + shown;
    };
    if (k == QLatin1String("http")) {
        QString method = body.value(QLatin1String("method")).toString();
        if (method.isEmpty())
            method = QStringLiteral("GET");
        return method + QLatin1Char(' ') + body.value(QLatin1String("path")).toString();
    }
    if (k == QLatin1String("wsConnect"))
        return named("WS connect");
    if (k == QLatin1String("wsSend"))
        return named("WS send", body.value(QLatin1String("template")).toString());
    if (k == QLatin1String("wsAwait")) {
        if (!name.isEmpty())
            return named("WS await");
        const QJsonArray match = body.value(QLatin1String("match")).toArray();
        if (match.isEmpty())
            return tr("WS await any message");
        return tr("WS await") + QLatin1Char(' ') +
               StepOptionJson::conditionSummary(match.first().toObject()) +
               (match.size() > 1 ? QStringLiteral(" …") : QString());
    }
    if (k == QLatin1String("think")) {
        if (value.isArray())
            return tr("think") + QLatin1Char(' ') + scalarText(value.toArray().at(0)) +
                   QChar(0x2013) + scalarText(value.toArray().at(1));
        return tr("think") + QLatin1Char(' ') + scalarText(value);
    }
    if (k == QLatin1String("close"))
        return tr("close WebSocket");
    return k.isEmpty() ? tr("(empty step)") : k;
}

QString StepSummary::detail(const QJsonObject &step)
{
    const QString k = kind(step);
    const QJsonObject body = step.value(k).toObject();
    auto field = [&](const char *key) { return scalarText(body.value(QLatin1String(key))); };
    QStringList parts;
    if (k == QLatin1String("wsSend")) {
        const QString await = field("await");
        if (await.isEmpty() || await == QLatin1String("none"))
            return tr("no reply");
        if (await == QLatin1String("match")) {
            QStringList pointers = strings(body.value(QLatin1String("match")));
            // Schema 1 named one top-level field; schema 2 lists JSON pointers (default /id).
            if (pointers.isEmpty() && !field("matchField").isEmpty())
                pointers.append(QLatin1Char('/') + field("matchField"));
            if (pointers.isEmpty())
                pointers.append(QStringLiteral("/id"));
            parts.append(tr("await") + QLatin1Char(' ') + pointers.join(QLatin1Char('+')));
        } else {
            parts.append(tr("await") + QLatin1Char(' ') + await);
        }
        const int inFlight = body.value(QLatin1String("inFlight")).toInt();
        if (inFlight > 1)
            parts.append(QStringLiteral("×%1").arg(inFlight));
        const int replies = body.value(QLatin1String("replies")).toInt();
        if (replies > 1)
            parts.append(tr("%1 replies").arg(replies));
        if (!body.value(QLatin1String("until")).toArray().isEmpty())
            parts.append(tr("until"));
    } else if (k == QLatin1String("wsAwait") || k == QLatin1String("http")) {
        if (!field("timeout").isEmpty())
            parts.append(tr("timeout") + QLatin1Char(' ') + field("timeout"));
    } else if (k == QLatin1String("wsConnect")) {
        const QStringList protocols = strings(body.value(QLatin1String("subprotocols")));
        if (!protocols.isEmpty())
            parts.append(protocols.join(QStringLiteral(", ")));
        if (!field("ping").isEmpty())
            parts.append(tr("ping") + QLatin1Char(' ') + field("ping"));
    }
    const int captures = int(body.value(QLatin1String("capture")).toObject().size());
    if (captures > 0)
        parts.append(captures == 1 ? tr("1 capture") : tr("%1 captures").arg(captures));
    const int checks = int(body.value(QLatin1String("check")).toArray().size());
    if (checks > 0)
        parts.append(checks == 1 ? tr("1 check") : tr("%1 checks").arg(checks));
    return parts.join(QStringLiteral(" · "));
}

} // namespace cicada
