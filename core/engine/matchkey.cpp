#include "engine/matchkey.h"

#include "engine/jsonfieldscanner.h"
#include "engine/jsontext.h"
#include "engine/parsedmessage.h"

namespace cicada {

std::optional<QString> MatchKey::of(ParsedMessage &m, const QStringList &pointers)
{
    if (pointers.isEmpty())
        return std::nullopt;
    QString key;
    // Every sent message and reply needs a key: scan plain text instead of parsing it, and
    // leave the rest (and text already parsed) to QJsonDocument.
    if (!m.isBinary() && !m.isParsed()) {
        bool sure = true;
        for (qsizetype i = 0; i < pointers.size() && sure; ++i) {
            if (i > 0)
                key.append(QChar(0x1f));
            switch (JsonFieldScanner::scan(m.bytes(), pointers.at(i), &key)) {
            case JsonFieldScanner::Outcome::Found:
                break;
            case JsonFieldScanner::Outcome::Absent:
                return std::nullopt;
            case JsonFieldScanner::Outcome::Unsure:
                sure = false;
                key.clear();
                break;
            }
        }
        if (sure)
            return key;
    }
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
