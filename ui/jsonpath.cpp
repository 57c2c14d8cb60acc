#include "jsonpath.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cicada {

namespace {

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

} // namespace

QList<JsonPath::Segment> JsonPath::parse(const QString &path, bool *ok)
{
    QList<Segment> segments;
    auto fail = [&] {
        if (ok)
            *ok = false;
        return QList<Segment>();
    };
    if (!path.startsWith(QLatin1Char('$')))
        return fail();
    qsizetype i = 1;
    while (i < path.size()) {
        const QChar c = path.at(i);
        if (c == QLatin1Char('.')) {
            qsizetype j = i + 1;
            while (j < path.size() && path.at(j) != QLatin1Char('.') &&
                   path.at(j) != QLatin1Char('['))
                ++j;
            if (j == i + 1)
                return fail();
            segments.append({path.mid(i + 1, j - i - 1), -1});
            i = j;
        } else if (c == QLatin1Char('[')) {
            if (i + 1 < path.size() && path.at(i + 1) == QLatin1Char('"')) {
                QString key;
                qsizetype j = i + 2;
                bool closed = false;
                while (j < path.size()) {
                    const QChar d = path.at(j);
                    if (d == QLatin1Char('\\') && j + 1 < path.size()) {
                        key.append(path.at(j + 1));
                        j += 2;
                        continue;
                    }
                    if (d == QLatin1Char('"')) {
                        closed = true;
                        break;
                    }
                    key.append(d);
                    ++j;
                }
                if (!closed || j + 1 >= path.size() || path.at(j + 1) != QLatin1Char(']'))
                    return fail();
                segments.append({key, -1});
                i = j + 2;
            } else {
                const qsizetype close = path.indexOf(QLatin1Char(']'), i);
                if (close < 0)
                    return fail();
                bool numberOk = false;
                const int index = path.mid(i + 1, close - i - 1).toInt(&numberOk);
                if (!numberOk || index < 0)
                    return fail();
                segments.append({QString(), index});
                i = close + 1;
            }
        } else {
            return fail();
        }
    }
    if (ok)
        *ok = true;
    return segments;
}

QString JsonPath::child(const QString &path, const QString &key)
{
    if (isIdentifier(key))
        return path + QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return path + QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString JsonPath::element(const QString &path, int index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString JsonPath::parent(const QString &path)
{
    bool ok = false;
    QList<Segment> segments = parse(path, &ok);
    if (!ok || segments.isEmpty())
        return QStringLiteral("$");
    segments.removeLast();
    QString out = QStringLiteral("$");
    for (const Segment &s : std::as_const(segments))
        out = s.index >= 0 ? element(out, s.index) : child(out, s.key);
    return out;
}

int JsonPath::lastIndex(const QString &path)
{
    bool ok = false;
    const QList<Segment> segments = parse(path, &ok);
    if (!ok || segments.isEmpty())
        return -1;
    return segments.last().index;
}

bool JsonPath::isWithin(const QString &path, const QString &prefix)
{
    if (!path.startsWith(prefix))
        return false;
    if (path.size() == prefix.size())
        return true;
    const QChar next = path.at(prefix.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

QJsonValue JsonPath::get(const QJsonValue &root, const QString &path)
{
    bool ok = false;
    const QList<Segment> segments = parse(path, &ok);
    if (!ok)
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue node = root;
    for (const Segment &s : segments) {
        if (s.index >= 0) {
            if (!node.isArray() || s.index >= node.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            node = node.toArray().at(s.index);
        } else {
            if (!node.isObject() || !node.toObject().contains(s.key))
                return QJsonValue(QJsonValue::Undefined);
            node = node.toObject().value(s.key);
        }
    }
    return node;
}

bool JsonPath::setIn(QJsonValue *node, const QList<Segment> &segments, int at,
                     const QJsonValue &value, bool removeLast)
{
    const Segment &s = segments.at(at);
    const bool last = at == segments.size() - 1;
    if (s.index >= 0) {
        if (!node->isArray() && !(node->isUndefined() || node->isNull()))
            return false;
        QJsonArray array = node->toArray();
        if (last) {
            if (removeLast) {
                if (s.index >= array.size())
                    return false;
                array.removeAt(s.index);
            } else if (s.index < array.size()) {
                array.replace(s.index, value);
            } else if (s.index == array.size()) {
                array.append(value);
            } else {
                return false;
            }
        } else {
            if (s.index >= array.size())
                return false;
            QJsonValue childValue = array.at(s.index);
            if (!setIn(&childValue, segments, at + 1, value, removeLast))
                return false;
            array.replace(s.index, childValue);
        }
        *node = array;
        return true;
    }
    if (!node->isObject() && !(node->isUndefined() || node->isNull()))
        return false;
    QJsonObject object = node->toObject();
    if (last) {
        if (removeLast || value.isUndefined()) {
            if (!object.contains(s.key))
                return !removeLast;
            object.remove(s.key);
        } else {
            object.insert(s.key, value);
        }
    } else {
        QJsonValue childValue = object.value(s.key);
        if (removeLast && childValue.isUndefined())
            return false;
        if (!setIn(&childValue, segments, at + 1, value, removeLast))
            return false;
        object.insert(s.key, childValue);
    }
    *node = object;
    return true;
}

bool JsonPath::set(QJsonValue *root, const QString &path, const QJsonValue &value)
{
    bool ok = false;
    const QList<Segment> segments = parse(path, &ok);
    if (!ok)
        return false;
    if (segments.isEmpty()) {
        *root = value;
        return true;
    }
    return setIn(root, segments, 0, value, false);
}

bool JsonPath::remove(QJsonValue *root, const QString &path)
{
    bool ok = false;
    const QList<Segment> segments = parse(path, &ok);
    if (!ok || segments.isEmpty())
        return false;
    return setIn(root, segments, 0, QJsonValue(), true);
}

bool JsonPath::insert(QJsonValue *root, const QString &arrayPath, int index,
                      const QJsonValue &value)
{
    const QJsonValue current = get(*root, arrayPath);
    if (!current.isArray() && !current.isUndefined())
        return false;
    QJsonArray array = current.toArray();
    array.insert(std::clamp<qsizetype>(index, 0, array.size()), value);
    return set(root, arrayPath, array);
}

bool JsonPath::move(QJsonValue *root, const QString &arrayPath, int from, int to)
{
    const QJsonValue current = get(*root, arrayPath);
    if (!current.isArray())
        return false;
    QJsonArray array = current.toArray();
    if (from < 0 || from >= array.size() || to < 0 || to >= array.size())
        return false;
    if (from == to)
        return true;
    const QJsonValue moved = array.takeAt(from);
    array.insert(to, moved);
    return set(root, arrayPath, array);
}

bool JsonPath::renameKey(QJsonValue *root, const QString &objectPath, const QString &from,
                         const QString &to)
{
    const QJsonValue current = get(*root, objectPath);
    if (!current.isObject())
        return false;
    QJsonObject object = current.toObject();
    if (!object.contains(from) || (from != to && object.contains(to)) || to.isEmpty())
        return false;
    if (from == to)
        return true;
    const QJsonValue moved = object.take(from);
    object.insert(to, moved);
    return set(root, objectPath, object);
}

} // namespace cicada
