#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>
#include <QtGlobal>

#include <memory>

namespace cicada {

/**
 * @brief Builds one msgpack document (msgpack-cxx underneath), the encoding of Locust's
 * master/worker messages.
 *
 * Strings are always packed as msgpack *str* (never bin): Locust unpacks with `raw=False`, and a
 * bin map key would arrive as `bytes` and break `data["state"]` on the master. Integers use the
 * most compact msgpack form. Containers are written by announcing their size (beginArray(),
 * beginMap()) and then writing that many elements (maps: key, value, key, value...).
 */
class MsgpackWriter
{
public:
    MsgpackWriter();
    ~MsgpackWriter();
    MsgpackWriter(const MsgpackWriter &) = delete;
    MsgpackWriter &operator=(const MsgpackWriter &) = delete;

    void beginArray(quint32 size);
    void beginMap(quint32 size);
    void string(const QString &value);
    void integer(qint64 value);
    void real(double value);
    void boolean(bool value);
    void nil();

    /**
     * @brief Writes a QVariant: invalid/null → nil, bool, integer types, double, QString,
     * QByteArray (as str, UTF-8 expected), QVariantList/QStringList → array, QVariantMap → map
     * with str keys. Anything else is written as its toString().
     */
    void variant(const QVariant &value);

    /** The bytes written so far. */
    [[nodiscard]] QByteArray data() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace cicada
