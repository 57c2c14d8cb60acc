#include "outputtarget.h"

#include "report/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cicada {

namespace {

QString identityOf(const struct stat &st)
{
    return QStringLiteral("%1:%2").arg(qulonglong(st.st_dev)).arg(qulonglong(st.st_ino));
}

bool sameFile(const struct stat &a, int fd)
{
    struct stat b = {};
    return ::fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool writeAllToFd(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

} // namespace

OutputTarget::OutputTarget(QString option, QString path, Kind kind, QString identity)
    : m_option(std::move(option)), m_path(std::move(path)), m_kind(kind),
      m_identity(std::move(identity))
{}

std::optional<OutputTarget> OutputTarget::check(const QString &option, const QString &path,
                                                const QString &profilePath, QString *error)
{
    const auto refuse = [&](const QString &why) {
        *error = QStringLiteral("%1 %2: %3").arg(option, path, why);
        return std::nullopt;
    };
    if (path.isEmpty())
        return refuse(QStringLiteral("an empty file name"));
    const QByteArray native = QFile::encodeName(path);
    struct stat st = {};
    if (::stat(native.constData(), &st) == 0) {
        struct stat profile = {};
        if (!profilePath.isEmpty() &&
            ::stat(QFile::encodeName(profilePath).constData(), &profile) == 0 &&
            profile.st_dev == st.st_dev && profile.st_ino == st.st_ino)
            return refuse(QStringLiteral("this is the input profile; an output never overwrites "
                                         "it"));
        if (S_ISDIR(st.st_mode))
            return refuse(QStringLiteral("is a directory; give a file name"));
        if (sameFile(st, STDOUT_FILENO))
            return OutputTarget(option, path, Kind::Stdout, identityOf(st));
        if (sameFile(st, STDERR_FILENO))
            return OutputTarget(option, path, Kind::Stderr, identityOf(st));
        if (::access(native.constData(), W_OK) != 0)
            return refuse(QStringLiteral("cannot write it (%1)")
                              .arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (!S_ISREG(st.st_mode))
            return OutputTarget(option, path, Kind::Device, identityOf(st));
    }
    // A regular file, new or replaced: AtomicFile writes a temporary file in the same directory
    // and renames it, so the directory must exist (made now, not after the run) and be writable.
    const QFileInfo info(path);
    const QString dir = info.absolutePath();
    if (path.endsWith(QLatin1Char('/')))
        return refuse(QStringLiteral("names a directory; give a file name"));
    if (!QFileInfo(dir).isDir() && !QDir().mkpath(dir))
        return refuse(QStringLiteral("cannot create the directory '%1'").arg(dir));
    if (::access(QFile::encodeName(dir).constData(), W_OK | X_OK) != 0)
        return refuse(QStringLiteral("cannot write into the directory '%1' (%2)")
                          .arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    const QString identity = ::stat(native.constData(), &st) == 0
                                 ? identityOf(st)
                                 : QDir::cleanPath(info.absoluteFilePath());
    return OutputTarget(option, path, Kind::File, identity);
}

bool OutputTarget::checkDistinct(const QList<OutputTarget> &targets, QString *error)
{
    for (qsizetype i = 0; i < targets.size(); ++i) {
        for (qsizetype j = i + 1; j < targets.size(); ++j) {
            const OutputTarget &a = targets[i];
            const OutputTarget &b = targets[j];
            // Two outputs may share stdout (one after the other); never one file.
            if (a.m_kind == Kind::File && b.m_kind == Kind::File && a.m_identity == b.m_identity) {
                *error = QStringLiteral("%1 %2 and %3 %4 are the same file")
                             .arg(a.m_option, a.m_path, b.m_option, b.m_path);
                return false;
            }
        }
    }
    return true;
}

bool OutputTarget::write(const QByteArray &bytes, QString *error) const
{
    switch (m_kind) {
    case Kind::File:
        return AtomicFile::write(m_path, bytes, error);
    case Kind::Stdout:
    case Kind::Stderr: {
        const int fd = m_kind == Kind::Stdout ? STDOUT_FILENO : STDERR_FILENO;
        if (writeAllToFd(fd, bytes))
            return true;
        *error = QStringLiteral("cannot write '%1': %2")
                     .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    case Kind::Device: {
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_CLOEXEC);
        const bool ok = fd >= 0 && writeAllToFd(fd, bytes);
        const int savedErrno = errno;
        if (fd >= 0)
            ::close(fd);
        if (!ok)
            *error = QStringLiteral("cannot write '%1': %2")
                         .arg(m_path, QString::fromLocal8Bit(std::strerror(savedErrno)));
        return ok;
    }
    }
    return false;
}

} // namespace cicada
