#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace cicada {

/**
 * @brief One output file of a run (--json, --html, each CSV file), checked before the run starts
 *        and written after it.
 *
 * check() resolves the path the way the kernel will (symlinks, /dev/stdout, /proc/self/fd/N) and
 * decides how to write it:
 * - the file this process's stdout or stderr already writes to (`--json /dev/stdout > log.txt`,
 *   `/proc/self/fd/1`, a pipe): written into that stream after the console output, never
 *   replaced, so a log redirected there keeps everything before it;
 * - another non-regular file (a FIFO, a character device such as /dev/null): opened and written
 *   directly, without the temporary-file-and-rename of a regular file;
 * - a regular file, existing or new: written atomically (AtomicFile); its directory is created
 *   before the run when missing.
 * It refuses, with a sentence naming the option and the path: a directory, a directory that
 * cannot be created or written, an unwritable file, the input profile itself, and (through
 * checkDistinct()) two outputs that are the same file.
 */
class OutputTarget
{
public:
    enum class Kind
    {
        File,   ///< a regular file: atomic write
        Stdout, ///< this process's standard output
        Stderr, ///< this process's standard error
        Device  ///< a FIFO, character device or socket: direct write
    };

    /**
     * @brief Checks @p path for @p option ("--json") before the run. @p profilePath: the input
     *        profile, which no output may overwrite. Empty and @p error set when refused.
     */
    [[nodiscard]] static std::optional<OutputTarget>
    check(const QString &option, const QString &path, const QString &profilePath, QString *error);
    /// False (and @p error) when two regular-file targets of @p targets are the same file.
    [[nodiscard]] static bool checkDistinct(const QList<OutputTarget> &targets, QString *error);

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QString &option() const { return m_option; }

    /// Writes @p bytes as described in the class comment. False and @p error on failure.
    bool write(const QByteArray &bytes, QString *error) const;

private:
    OutputTarget(QString option, QString path, Kind kind, QString identity);

    QString m_option;
    QString m_path;
    Kind m_kind = Kind::File;
    QString m_identity; ///< "dev:inode" of an existing file, else the absolute clean path
};

} // namespace cicada
