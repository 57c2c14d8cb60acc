#include "engine/responserules.h"

#include "engine/capturer.h"
#include "engine/conditioncheck.h"
#include "engine/parsedmessage.h"
#include "engine/usercontext.h"

#include <QPair>

namespace cicada {

QString ResponseRules::apply(const QList<Condition> &checks, const QList<Capture> &captures,
                             ParsedMessage &message, UserContext &context,
                             const HttpResponse *response, const QUrl &url)
{
    QString why;
    if (!ConditionCheck::allHold(checks, message, &why))
        return why;
    if (captures.isEmpty())
        return {};
    QList<QPair<QString, QString>> values;
    values.reserve(captures.size());
    for (const Capture &capture : captures) {
        QString value;
        if (!Capturer::extract(capture, message, response,
                               response ? context.http().cookieJar() : nullptr, url, &value, &why))
            return why;
        values.append({capture.name, value});
    }
    for (const auto &[name, value] : std::as_const(values))
        context.setCapture(name, value);
    return {};
}

} // namespace cicada
