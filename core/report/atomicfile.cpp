#include "report/atomicfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace cicada {

bool AtomicFile::write(const QString &path, const QByteArray &data, QString *error)
{
    const auto fail = [&](const QString &reason) {
        if (error)
            *error = QStringLiteral("cannot write '%1': %2").arg(path, reason);
        return false;
    };
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QStringLiteral("cannot create its directory"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    if (file.write(data) != data.size() || !file.flush() || file.size() != data.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(reason.isEmpty() ? QStringLiteral("short write (is the disk full?)") : reason);
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

} // namespace cicada
