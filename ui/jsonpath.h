#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>

namespace cicada {

/**
 * @brief Paths into a JSON document in the notation ProfileIssue uses: `$`, `.key`, `[index]`
 *        and `["any key"]`, e.g. `$.userTypes[0].tasks[1].steps[0].wsSend.timeout`.
 *
 * The profile editor keeps the profile as JSON and edits it through these paths, so a validation
 * issue (which carries the same kind of path) lands next to the field that caused it.
 * All functions are pure; they never throw and return false / an undefined value on a bad path.
 */
class JsonPath
{
public:
    /** One step of a path: an object key or an array index. */
    struct Segment
    {
        QString key;
        int index = -1; ///< >= 0: array index; -1: object key
        bool operator==(const Segment &) const = default;
    };

    /** Splits @p path; std::nullopt-like: @p ok (may be nullptr) is false on a malformed path. */
    [[nodiscard]] static QList<Segment> parse(const QString &path, bool *ok = nullptr);
    /** The path of @p key inside the object at @p path (quoted when not an identifier). */
    [[nodiscard]] static QString child(const QString &path, const QString &key);
    /** The path of element @p index of the array at @p path. */
    [[nodiscard]] static QString element(const QString &path, int index);
    /** The path without its last segment ("$" stays "$"). */
    [[nodiscard]] static QString parent(const QString &path);
    /** The last segment's array index, or -1. */
    [[nodiscard]] static int lastIndex(const QString &path);
    /** True when @p path equals @p prefix or lies inside it. */
    [[nodiscard]] static bool isWithin(const QString &path, const QString &prefix);

    /** The value at @p path; undefined when it does not exist. */
    [[nodiscard]] static QJsonValue get(const QJsonValue &root, const QString &path);
    /** Sets the value at @p path, creating missing objects on the way; arrays may be appended
     *  to (index == size). An undefined @p value removes the key. */
    static bool set(QJsonValue *root, const QString &path, const QJsonValue &value);
    /** Removes the key or array element at @p path. */
    static bool remove(QJsonValue *root, const QString &path);
    /** Inserts @p value at @p index (clamped) into the array at @p arrayPath (created if missing).
     */
    static bool insert(QJsonValue *root, const QString &arrayPath, int index,
                       const QJsonValue &value);
    /** Moves element @p from to position @p to in the array at @p arrayPath. */
    static bool move(QJsonValue *root, const QString &arrayPath, int from, int to);
    /** Renames key @p from to @p to in the object at @p objectPath; false if @p to exists. */
    static bool renameKey(QJsonValue *root, const QString &objectPath, const QString &from,
                          const QString &to);

private:
    static bool setIn(QJsonValue *node, const QList<Segment> &segments, int at,
                      const QJsonValue &value, bool removeLast);
};

} // namespace cicada
