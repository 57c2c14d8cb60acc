#include "engine/matchkey.h"

#include "engine/jsonfieldscanner.h"
#include "engine/jsontext.h"
#include "engine/parsedmessage.h"

namespace cicada {

std::optional<QString> MatchKey::of(ParsedMessage &m, const QStringList &pointers)
{
    QString key;
    if (!appendTo(m, pointers, &key))
        return std::nullopt;
    return key;
}

bool MatchKey::appendTo(ParsedMessage &m, const QStringList &pointers, QString *out)
{
    if (pointers.isEmpty())
        return false;
    QString &key = *out;
    const qsizetype prefix = key.size();
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
                return false;
            case JsonFieldScanner::Outcome::Unsure:
                sure = false;
                key.truncate(prefix);
                break;
            }
        }
        if (sure)
            return true;
    }
    for (qsizetype i = 0; i < pointers.size(); ++i) {
        const QJsonValue v = m.value(pointers.at(i));
        if (v.isUndefined())
            return false;
        if (i > 0)
            key.append(QChar(0x1f));
        key.append(JsonText::compact(v));
    }
    return true;
}

} // namespace cicada
