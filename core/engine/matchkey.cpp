#include "engine/matchkey.h"

#include "engine/jsontext.h"
#include "engine/parsedmessage.h"

namespace cicada {

std::optional<QString> MatchKey::of(ParsedMessage &m, const QStringList &pointers)
{
    if (pointers.isEmpty())
        return std::nullopt;
    QString key;
    for (qsizetype i = 0; i < pointers.size(); ++i) {
        const QJsonValue v = m.value(pointers.at(i));
        if (v.isUndefined())
            return std::nullopt;
        if (i > 0)
            key.append(QChar(0x1f));
        key.append(JsonText::compact(v));
    }
    return key;
}

} // namespace cicada
