#include "importcontroller.h"

#include "profiledocument.h"

#include "import/curlcommand.h"
#include "import/harreader.h"
#include "import/profileimporter.h"
#include "profile/profileio.h"

#include <QFile>
#include <QFileInfo>
#include <QVariantMap>

namespace cicada {

namespace {

/** The importer's notes name the CLI's options; the window offers the same as check boxes. */
QString forTheWindow(QString note)
{
    note.replace(QLatin1String("--include-static keeps them"),
                 QStringLiteral("“Include static assets” keeps them"));
    note.replace(QLatin1String("--all-hosts keeps them"),
                 QStringLiteral("“Include other hosts” keeps them"));
    return note;
}

} // namespace

ImportController::ImportController(QObject *parent) : QObject(parent) {}

void ImportController::setDocument(ProfileDocument *document)
{
    if (m_document == document)
        return;
    m_document = document;
    Q_EMIT documentChanged();
}

QVariantList ImportController::environment() const
{
    QVariantList list;
    for (const EnvReference &e : m_result.environment)
        list.append(
            QVariantMap{{QStringLiteral("name"), e.name}, {QStringLiteral("where"), e.where}});
    return list;
}

QString ImportController::reportText() const
{
    if (!m_lastError.isEmpty())
        return m_lastError;
    QString text = m_summary;
    if (!m_result.environment.isEmpty()) {
        text += QLatin1Char('\n') + tr("Credentials of the recording were left out; set these "
                                       "environment variables before running:");
        for (const EnvReference &e : m_result.environment)
            text += QStringLiteral("\n  %1  %2").arg(e.name, e.where);
    }
    for (const QString &note : m_notes)
        text += QStringLiteral("\n• ") + note;
    for (const QString &error : m_readErrors)
        text += QStringLiteral("\n⚠ ") + error;
    return text;
}

bool ImportController::importHar(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read %1: %2").arg(path, file.errorString()));
    QStringList errors;
    const QList<RecordedExchange> recording = HarReader::read(file.readAll(), &errors);
    const QString name = QFileInfo(path).fileName();
    if (recording.isEmpty()) {
        QString message = tr("%1: no requests to import.").arg(name);
        for (const QString &e : std::as_const(errors))
            message += QStringLiteral("\n") + e;
        return fail(message);
    }
    m_readErrors = errors;
    return finish(recording, false, name);
}

bool ImportController::importCurl(const QString &command)
{
    if (command.trimmed().isEmpty())
        return fail(tr("Paste a command copied with “Copy as cURL” first."));
    QString error;
    const std::optional<RecordedExchange> exchange = CurlCommand::parse(command, &error);
    if (!exchange)
        return fail(tr("Not imported: %1").arg(error));
    m_readErrors.clear();
    return finish({*exchange}, true, tr("the cURL command"));
}

bool ImportController::finish(const QList<RecordedExchange> &recording, bool keepEverything,
                              const QString &source)
{
    if (!m_document)
        return fail(tr("No document to import into."));
    ImportOptions options;
    // A single command has nothing to skip: keep it whatever it fetches (as the CLI does).
    options.includeStaticAssets = keepEverything || m_includeStaticAssets;
    options.allHosts = m_allHosts;
    m_result = ProfileImporter::import(recording, options);
    m_document->loadUnsaved(ProfileIo::toJson(m_result.profile));
    m_lastError.clear();
    m_summary = tr("Imported %n HTTP request(s)", nullptr, m_result.httpSteps) +
                tr(" and %n WebSocket send(s)", nullptr, m_result.wsSends) +
                tr(" from %1 into a new, unsaved profile.").arg(source);
    m_notes.clear();
    for (const QString &note : std::as_const(m_result.notes))
        m_notes.append(forTheWindow(note));
    Q_EMIT reportChanged();
    return true;
}

bool ImportController::fail(const QString &error)
{
    m_lastError = error;
    m_summary.clear();
    m_notes.clear();
    m_readErrors.clear();
    m_result = ImportResult();
    Q_EMIT reportChanged();
    return false;
}

} // namespace cicada
