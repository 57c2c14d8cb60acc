#include "engine/jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cicada {

namespace {

/** RFC 6901 array index: "0" or digits without a leading zero; -1 otherwise. */
qsizetype arrayIndex(QStringView token)
{
    if (token.isEmpty() || token.size() > 18 || (token.size() > 1 && token.front() == u'0'))
        return -1;
    qsizetype index = 0;
    for (QChar c : token) {
        if (c < u'0' || c > u'9')
            return -1;
        index = index * 10 + (c.unicode() - u'0');
    }
    return index;
}

QString unescape(QStringView token)
{
    QString key;
    key.reserve(token.size());
    for (qsizetype i = 0; i < token.size(); ++i) {
        if (token[i] == u'~' && i + 1 < token.size()) {
            key.append(token[i + 1] == u'1' ? u'/' : u'~');
            ++i;
        } else {
            key.append(token[i]);
        }
    }
    return key;
}

} // namespace

bool JsonPointer::isValid(QStringView pointer, QString *error)
{
    if (pointer.isEmpty())
        return true;
    if (pointer.front() != u'/') {
        if (error)
            *error = QStringLiteral("a JSON pointer must be empty or start with '/'");
        return false;
    }
    for (qsizetype i = 0; i < pointer.size(); ++i) {
        if (pointer[i] != u'~')
            continue;
        if (i + 1 >= pointer.size() || (pointer[i + 1] != u'0' && pointer[i + 1] != u'1')) {
            if (error)
                *error = QStringLiteral("'~' in a JSON pointer must be followed by 0 or 1 "
                                        "(write ~0 for '~' and ~1 for '/')");
            return false;
        }
    }
    return true;
}

QJsonValue JsonPointer::resolve(const QJsonValue &root, QStringView pointer)
{
    if (pointer.isEmpty())
        return root;
    if (!isValid(pointer))
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue current = root;
    qsizetype start = 1;
    while (true) {
        qsizetype end = pointer.indexOf(u'/', start);
        if (end < 0)
            end = pointer.size();
        const QStringView token = pointer.sliced(start, end - start);
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            // Most keys have no escapes: look them up without building a QString.
            const auto it =
                token.contains(u'~') ? object.constFind(unescape(token)) : object.constFind(token);
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            current = it.value();
        } else if (current.isArray()) {
            const QJsonArray array = current.toArray();
            const qsizetype index = arrayIndex(token);
            if (index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
        if (end == pointer.size())
            return current;
        start = end + 1;
    }
}

} // namespace cicada
