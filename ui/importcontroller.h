#pragma once

#include "import/importresult.h"
#include "import/recordedexchange.h"
#include "profiledocument.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QUrl>
#include <QVariantList>

namespace cicada {

/**
 * @brief File › Import's backend: turns a HAR recording or a pasted "Copy as cURL" command into
 *        a new, unsaved profile in the document, with the core importer (ProfileImporter, as
 *        `cicada-cli import` does), and keeps the importer's report for the user.
 *
 * On success the document holds the imported profile (untitled, with unsaved changes) and the
 * report properties describe it: the credentials that became `{{env.NAME}}` references, the
 * inferred reply matching, what was skipped. On failure the document is left as it was and
 * lastError says why (for a HAR: the reader's errors with their JSON paths).
 *
 * Asking about the unsaved changes of the document being replaced is the caller's job (the
 * window asks before the import dialog opens).
 */
class ImportController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        cicada::ProfileDocument *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(bool includeStaticAssets MEMBER m_includeStaticAssets NOTIFY optionsChanged)
    Q_PROPERTY(bool allHosts MEMBER m_allHosts NOTIFY optionsChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY reportChanged)
    Q_PROPERTY(QString summary READ summary NOTIFY reportChanged)
    Q_PROPERTY(QVariantList environment READ environment NOTIFY reportChanged)
    Q_PROPERTY(QStringList notes READ notes NOTIFY reportChanged)
    Q_PROPERTY(QStringList readErrors READ readErrors NOTIFY reportChanged)
    Q_PROPERTY(QString reportText READ reportText NOTIFY reportChanged)

public:
    explicit ImportController(QObject *parent = nullptr);

    [[nodiscard]] ProfileDocument *document() const { return m_document; }
    void setDocument(ProfileDocument *document);

    /** Why the last import failed (a sentence or a few lines); empty after a success. */
    [[nodiscard]] QString lastError() const { return m_lastError; }
    /** "Imported 4 HTTP requests and 3 WebSocket sends from chat.har." */
    [[nodiscard]] QString summary() const { return m_summary; }
    /** The credentials left out of the profile: {name, where} per environment variable. */
    [[nodiscard]] QVariantList environment() const;
    /** Skips, inferred reply matching and other guesses: one sentence each. */
    [[nodiscard]] QStringList notes() const { return m_notes; }
    /** HAR entries that could not be read (with their JSON paths); the rest was imported. */
    [[nodiscard]] QStringList readErrors() const { return m_readErrors; }
    /** The whole report as plain text (summary, credentials, notes, read errors). */
    [[nodiscard]] QString reportText() const;
    /** The last successful import's result. */
    [[nodiscard]] const ImportResult &result() const { return m_result; }

    /** Imports the HAR file at @p path. @return false with lastError; the document stays. */
    Q_INVOKABLE bool importHar(const QString &path);
    Q_INVOKABLE bool importHarUrl(const QUrl &url) { return importHar(url.toLocalFile()); }
    /** Imports one "Copy as cURL" command. @return false with lastError; the document stays. */
    Q_INVOKABLE bool importCurl(const QString &command);

Q_SIGNALS:
    void documentChanged();
    void optionsChanged();
    void reportChanged();

private:
    bool finish(const QList<RecordedExchange> &recording, bool keepEverything,
                const QString &source);
    bool fail(const QString &error);

    QPointer<ProfileDocument> m_document;
    bool m_includeStaticAssets = false;
    bool m_allHosts = false;
    ImportResult m_result;
    QString m_lastError;
    QString m_summary;
    QStringList m_notes;
    QStringList m_readErrors;
};

} // namespace cicada
