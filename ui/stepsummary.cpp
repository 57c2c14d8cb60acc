#include "stepsummary.h"

#include "stepoptionjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

namespace cicada {

namespace {

constexpr int kSummaryBodyChars = 24; ///< an inline wsSend body longer than this is cut

QString tr(const char *text)
{
    return QCoreApplication::translate("StepSummary", text);
}

/** A scalar as the profile spells it: "1s", 16, true. */
QString scalarText(const QJsonValue &value)
{
    return value.isString() ? value.toString() : StepOptionJson::looseText(value);
}

/** A string or a list of strings (match pointers). */
QStringList strings(const QJsonValue &value)
{
    if (value.isString())
        return {value.toString()};
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(scalarText(v));
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
    // The wording follows the step descriptors' summary(), which the document uses for steps that
    // validate; this one describes the JSON as typed.
    const QString k = kind(step);
    const QJsonValue value = step.value(k);
    const QJsonObject body = value.toObject();
    auto field = [&](const char *key) { return scalarText(body.value(QLatin1String(key))); };
    if (k == QLatin1String("http")) {
        const QString method = field("method");
        QString text =
            (method.isEmpty() ? QStringLiteral("GET") : method) + QLatin1Char(' ') + field("path");
        if (body.contains(QLatin1String("expect")))
            text += QStringLiteral(" → ") +
                    strings(body.value(QLatin1String("expect"))).join(QLatin1Char('/'));
        return text;
    }
    if (k == QLatin1String("wsConnect")) {
        const QString url = field("url");
        const qsizetype steps = body.value(QLatin1String("onConnect")).toArray().size();
        return tr("connect") + QLatin1Char(' ') +
               (url.isEmpty() ? QStringLiteral("target.brokerUrl") : url) +
               (steps == 0   ? QString()
                : steps == 1 ? tr(", then 1 step")
                             : tr(", then %1 steps").arg(steps));
    }
    if (k == QLatin1String("wsSend")) {
        QString what = field("template");
        if (what.isEmpty()) {
            what = field("body");
            if (what.size() > kSummaryBodyChars)
                what = what.left(kSummaryBodyChars - 1) + QChar(0x2026);
        }
        QString text = tr("send") + QLatin1Char(' ') + what;
        const QString await = field("await");
        if (await == QLatin1String("next")) {
            text += tr(" → next message");
        } else if (await == QLatin1String("match")) {
            QStringList pointers = strings(body.value(QLatin1String("match")));
            // Schema 1 named one top-level field; schema 2 lists JSON pointers (default /id).
            if (pointers.isEmpty() && !field("matchField").isEmpty())
                pointers.append(QLatin1Char('/') + field("matchField"));
            if (pointers.isEmpty())
                pointers.append(QStringLiteral("/id"));
            text += tr(" → reply matching ") + pointers.join(QStringLiteral(", "));
        }
        const QJsonObject rate = body.value(QLatin1String("rate")).toObject();
        if (rate.value(QLatin1String("perConnection")).isDouble())
            text += tr(" at %1/s per connection")
                        .arg(rate.value(QLatin1String("perConnection")).toDouble());
        else if (rate.value(QLatin1String("total")).isDouble())
            text += tr(" at %1/s in total").arg(rate.value(QLatin1String("total")).toDouble());
        return text;
    }
    if (k == QLatin1String("wsAwait")) {
        const QJsonArray match = body.value(QLatin1String("match")).toArray();
        if (match.isEmpty())
            return tr("await any message");
        QStringList conditions;
        for (const QJsonValue &c : match)
            conditions.append(StepOptionJson::conditionSummary(c.toObject()));
        return tr("await") + QLatin1Char(' ') + conditions.join(tr(" and "));
    }
    if (k == QLatin1String("think")) {
        if (value.isArray())
            return tr("think") + QLatin1Char(' ') + strings(value).join(QChar(0x2013));
        return tr("think") + QLatin1Char(' ') + scalarText(value);
    }
    if (k == QLatin1String("close"))
        return tr("close the WebSocket");
    return k.isEmpty() ? tr("(empty step)") : k;
}

QString StepSummary::detail(const QJsonObject &step)
{
    // Only options every kind spells the same way: the stats name and the capture / check lists.
    const QJsonObject body = step.value(kind(step)).toObject();
    QStringList parts;
    const QString name = body.value(QLatin1String("name")).toString();
    if (!name.isEmpty())
        parts.append(name);
    const qsizetype captures = body.value(QLatin1String("capture")).toObject().size();
    if (captures > 0)
        parts.append(captures == 1 ? tr("1 capture") : tr("%1 captures").arg(captures));
    const qsizetype checks = body.value(QLatin1String("check")).toArray().size();
    if (checks > 0)
        parts.append(checks == 1 ? tr("1 check") : tr("%1 checks").arg(checks));
    return parts.join(QStringLiteral(" · "));
}

} // namespace cicada
