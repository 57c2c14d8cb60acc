#pragma once

#include "edithistory.h"
#include "feed/feedtable.h"
#include "feed/feedtablecache.h"
#include "profile/profile.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QQmlEngine>
#include <QUrl>
#include <QVariant>

#include <memory>

namespace cicada {

/**
 * @brief The profile editor's backend: one `*.cicada.json` document, edited through JSON paths.
 *
 * The document keeps the profile as JSON (exactly what the file holds) and re-validates it with
 * ProfileIo after every edit, so every ProfileIssue (which carries a JSON path) can be shown next
 * to the field bound to that path, and nothing the user typed is ever dropped — not even a value
 * that does not validate yet. profile() is the validated model the engine runs.
 *
 * The first edit of a schema-1 document declares the current schema (kProfileSchema), as saving
 * would, so options of the current schema validate as soon as a form writes them.
 *
 * QML binds fields to `doc.revision, doc.text(path)` and writes with setText()/setNumber()/...;
 * lists and trees rebuild on structureRevision (inserts, removes, moves, renames, loads) only, so
 * a field keeps its focus while the user types.
 */
class ProfileDocument : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString filePath READ filePath NOTIFY fileChanged)
    Q_PROPERTY(QString fileName READ fileName NOTIFY fileChanged)
    Q_PROPERTY(QString displayPath READ displayPath NOTIFY fileChanged)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(bool dirty READ isDirty NOTIFY dirtyChanged)
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    Q_PROPERTY(int structureRevision READ structureRevision NOTIFY structureChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY changed)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY changed)
    Q_PROPERTY(int warningCount READ warningCount NOTIFY changed)
    Q_PROPERTY(QVariantList issues READ issues NOTIFY changed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QStringList templateNames READ templateNames NOTIFY structureChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY historyChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY historyChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY historyChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY historyChanged)
    Q_PROPERTY(QVariantList stepKinds READ stepKinds CONSTANT)
    Q_PROPERTY(QStringList conditionOps READ conditionOps CONSTANT)
    Q_PROPERTY(QStringList captureSources READ captureSources CONSTANT)
    Q_PROPERTY(QStringList templateKinds READ templateKinds CONSTANT)

public:
    explicit ProfileDocument(QObject *parent = nullptr);

    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] QString fileName() const;
    /** filePath for the header: under the home folder as "~/…" (empty when untitled). */
    [[nodiscard]] QString displayPath() const;
    /** The profile's directory, where feeder files are looked for (empty when untitled: the
     *  current directory). */
    [[nodiscard]] QString directory() const;
    [[nodiscard]] QString name() const { return m_profile.name; }
    [[nodiscard]] bool isDirty() const { return m_dirty; }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] int structureRevision() const { return m_structureRevision; }
    [[nodiscard]] bool isValid() const { return errorCount() == 0; }
    [[nodiscard]] int errorCount() const;
    [[nodiscard]] int warningCount() const;
    /** Every issue as {path, message, severity ("error"/"warning"), line, title, detail}: title
     *  names the path for people (FieldNames::describe), e.g. "Target › base URL"; detail is the
     *  message without a leading "key: " that the title already says. */
    [[nodiscard]] QVariantList issues() const;
    /** Why the last open/save failed (a sentence); empty after a success. */
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QStringList templateNames() const;
    [[nodiscard]] bool canUndo() const { return m_history.canUndo(); }
    [[nodiscard]] bool canRedo() const { return m_history.canRedo(); }
    /** What Undo would revert, e.g. "edit timeout" or "delete task “say”" (empty when none). */
    [[nodiscard]] QString undoText() const { return m_history.undoLabel(); }
    [[nodiscard]] QString redoText() const { return m_history.redoLabel(); }
    /** Every step kind (the step descriptors), in menu order: {key, title}. */
    [[nodiscard]] static QVariantList stepKinds();
    /** Condition operators: equals, contains, exists, notExists, regex. */
    [[nodiscard]] static QStringList conditionOps();
    /** Capture sources: json, header, regex, cookie. */
    [[nodiscard]] static QStringList captureSources();
    /** Template body kinds: json, text, base64, hex. */
    [[nodiscard]] static QStringList templateKinds();

    /** The validated profile (best effort while there are errors). */
    [[nodiscard]] const Profile &profile() const { return m_profile; }
    [[nodiscard]] const QList<ProfileIssue> &profileIssues() const { return m_issues; }
    /** The document as JSON (what Save writes when the profile has errors). */
    [[nodiscard]] QJsonValue json() const { return m_root; }

    /** The value at @p path as a JS value (undefined when absent). */
    Q_INVOKABLE [[nodiscard]] QVariant value(const QString &path) const;
    /** The value at @p path as text for a field: strings as-is, numbers without exponent,
     *  booleans as true/false, absent as empty. */
    Q_INVOKABLE [[nodiscard]] QString text(const QString &path) const;
    /** The number of elements of the array at @p path (0 when absent). */
    Q_INVOKABLE [[nodiscard]] int count(const QString &path) const;
    /** The keys of the object at @p path, in file order (alphabetical, as JSON objects are). */
    Q_INVOKABLE [[nodiscard]] QStringList keys(const QString &path) const;
    /** The kind key of the step at @p path: http, wsConnect, wsSend, wsAwait, think, close (or
     *  ""). */
    Q_INVOKABLE [[nodiscard]] QString stepKind(const QString &path) const;
    /** One line for the step at @p path, e.g. "send chat → reply matching /id": its descriptor's
     *  summary, or StepSummary's of the JSON while the step has problems. */
    Q_INVOKABLE [[nodiscard]] QString stepSummary(const QString &path) const;
    /** What the summary leaves out, e.g. "chat · 1 capture" (StepSummary::detail). */
    Q_INVOKABLE [[nodiscard]] QString stepDetail(const QString &path) const;
    /** For people: "WebSocket send" for "wsSend"; the key itself when unknown. */
    Q_INVOKABLE [[nodiscard]] static QString stepTitle(const QString &kind);

    /**
     * Reverts the last edit (structure or field; typing into one field is one edit). The history
     * starts at open/new/load and survives saving: undoing back to the saved state makes the
     * document clean again, and an edit after undo drops the redo steps (EditHistory).
     */
    Q_INVOKABLE void undo();
    /** Repeats the last undone edit. */
    Q_INVOKABLE void redo();

    /** Sets a string; an empty string removes the key when @p removeWhenEmpty. */
    Q_INVOKABLE void setText(const QString &path, const QString &text,
                             bool removeWhenEmpty = false);
    /** Sets a number when @p text parses as one, else the text (so validation says why). */
    Q_INVOKABLE void setNumber(const QString &path, const QString &text);
    Q_INVOKABLE void setBool(const QString &path, bool value);
    /** Sets any JS value (object, array, number, string, bool); undefined removes the key. */
    Q_INVOKABLE void setValue(const QString &path, const QVariant &value);
    Q_INVOKABLE void remove(const QString &path);
    /** Inserts @p value at @p index (-1 = append) into the array at @p arrayPath. */
    Q_INVOKABLE void insert(const QString &arrayPath, int index, const QVariant &value);
    Q_INVOKABLE void move(const QString &arrayPath, int from, int to);
    /** Renames a key of the object at @p objectPath; false when @p to is empty or taken. */
    Q_INVOKABLE bool renameKey(const QString &objectPath, const QString &from, const QString &to);

    /** The operator of the condition object at @p path (see StepOptionJson::conditionOp). */
    Q_INVOKABLE [[nodiscard]] QString conditionOp(const QString &path) const;
    /** Switches the condition at @p path to operator @p op, keeping its pointer and operand. */
    Q_INVOKABLE void setConditionOp(const QString &path, const QString &op);
    /** The source key of the capture object at @p path: json, header, regex, cookie (or ""). */
    Q_INVOKABLE [[nodiscard]] QString captureSource(const QString &path) const;
    /** Switches the capture at @p path to @p source, keeping its expression. */
    Q_INVOKABLE void setCaptureSource(const QString &path, const QString &source);
    /** Adds a capture {"json": "/token"} under a free name to the map at @p mapPath; returns the
     *  name. */
    Q_INVOKABLE QString addCapture(const QString &mapPath);
    /** The value at @p path as a "loose JSON" field shows it (StepOptionJson::looseText). */
    Q_INVOKABLE [[nodiscard]] QString looseText(const QString &path) const;
    /** Sets the value at @p path from loose JSON text: `42` a number, `ok` the string "ok". */
    Q_INVOKABLE void setLoose(const QString &path, const QString &text);

    /** The kind of node at @p path: template, userType, section, task, step, or "" (see
     *  ProfileOutlineModel::kindOfPath). */
    Q_INVOKABLE [[nodiscard]] QString nodeKind(const QString &path) const;
    /** The node (template, user type, section, task or step) that holds @p path: the path
     *  itself when it is one, else its nearest enclosing node; "" when none does (e.g.
     *  $.target.baseUrl). */
    Q_INVOKABLE [[nodiscard]] QString nodeOf(const QString &path) const;
    /** Builds a path: child(path, key) or, for a number, element(path, index). */
    Q_INVOKABLE [[nodiscard]] QString child(const QString &path, const QString &key) const;
    Q_INVOKABLE [[nodiscard]] QString element(const QString &path, int index) const;
    Q_INVOKABLE [[nodiscard]] QString parentPath(const QString &path) const;
    Q_INVOKABLE [[nodiscard]] int indexOf(const QString &path) const;

    /** @p path for people, e.g. "User type “ChatUser” › task “say”" (FieldNames::describe). */
    Q_INVOKABLE [[nodiscard]] QString fieldTitle(const QString &path) const;

    /** Messages of the issues at exactly @p path, joined by newlines (empty when none). */
    Q_INVOKABLE [[nodiscard]] QString messageFor(const QString &path) const;
    /** Messages of the issues at @p path or inside it. */
    Q_INVOKABLE [[nodiscard]] QString messagesWithin(const QString &path) const;
    /** Number of issues at @p path or inside it. */
    Q_INVOKABLE [[nodiscard]] int issueCountWithin(const QString &path) const;
    /** "error", "warning" or "" for the worst issue at exactly @p path. */
    Q_INVOKABLE [[nodiscard]] QString severityFor(const QString &path) const;

    /** The step to insert for a kind (a key of stepKinds): its descriptor's editorDefault, e.g. a
     *  wsSend that awaits the reply matching its "/id". Undefined for an unknown kind. */
    Q_INVOKABLE [[nodiscard]] QVariant newStep(const QString &kind) const;
    /** Adds a template with a free name based on @p base; returns its name. */
    Q_INVOKABLE QString addTemplate(const QString &base = QStringLiteral("message"));
    /** Adds a user type with one task; returns its path. */
    Q_INVOKABLE QString addUserType();
    /** Adds a task to the user type at @p userTypePath; returns its path. */
    Q_INVOKABLE QString addTask(const QString &userTypePath);

    /** The editable body of template @p name: pretty JSON, or the text (or the unparsed draft). */
    Q_INVOKABLE [[nodiscard]] QString templateBody(const QString &name) const;
    /** "json", "text", "base64" or "hex" (a binary frame given as base64 or hex digits). */
    Q_INVOKABLE [[nodiscard]] QString templateKind(const QString &name) const;
    /** Sets a template body from the editor. A JSON body that does not parse yet is kept as a
     *  draft with an error at `$.templates.NAME.json`; it is not lost. */
    Q_INVOKABLE void setTemplateBody(const QString &name, const QString &kind, const QString &text);
    /**
     * Switches template @p name to @p kind, converting the bytes when it can (text "hi" becomes
     * base64 "aGk=", hex "6869" becomes text "hi"); otherwise the body text is kept as it is.
     */
    Q_INVOKABLE void setTemplateKind(const QString &name, const QString &kind);
    /**
     * Renders template @p name for a sample user (index 0, sequence 1, the profile's variables,
     * the process environment): {text, errors (string), ok (bool)}. A binary template shows its
     * byte count and a hex dump.
     */
    Q_INVOKABLE [[nodiscard]] QVariantMap previewTemplate(const QString &name) const;

    /** Replaces the document with a small valid profile (untitled). */
    Q_INVOKABLE void newProfile();
    /** Replaces the document with the WebSocket-only starter for "my own broker" (untitled):
     *  connect on start, then send a message and await the reply with the same "/id". */
    Q_INVOKABLE void newWebSocketProfile();
    /**
     * Opens @p path. A file that is not JSON cannot be edited: returns false and lastError lists
     * its errors (with line numbers); the current document stays. A JSON file with validation
     * problems opens with its issues listed.
     */
    Q_INVOKABLE bool open(const QString &path);
    Q_INVOKABLE bool openUrl(const QUrl &url) { return open(url.toLocalFile()); }
    /** Saves to filePath (false when untitled). */
    Q_INVOKABLE bool save();
    /** Saves to @p path atomically and makes it the document's file. A valid profile is written
     *  in canonical form (ProfileIo); one with errors is written as it stands, so no edit is lost.
     */
    Q_INVOKABLE bool saveAs(const QString &path);
    Q_INVOKABLE bool saveAsUrl(const QUrl &url) { return saveAs(url.toLocalFile()); }
    /** Adds a data feeder (users.csv, sequential) with a free name; returns its path. */
    Q_INVOKABLE QString addFeeder();
    /**
     * The feeder at @p path as loaded for validation: {ok, resolved (absolute file), columns
     * (list), rows (count), firstRow (list of values), error (text)}.
     */
    Q_INVOKABLE [[nodiscard]] QVariantMap feederPreview(const QString &path) const;
    /** @p url (from a file dialog) as a feeder "file": relative to the profile's directory when
     *  the profile has one and the file is inside it, else absolute. */
    Q_INVOKABLE [[nodiscard]] QString feederFileFor(const QUrl &url) const;

    /** Loads @p json as an untitled document (e.g. the demo profile retargeted). */
    Q_INVOKABLE void loadJson(const QVariant &json, const QString &filePath = {});
    /** Opens the bundled example profile, pointed at @p baseUrl / @p brokerUrl, untitled. */
    Q_INVOKABLE void loadExample(const QString &baseUrl, const QString &brokerUrl);
    /** Loads @p root as a new untitled document with unsaved changes (an import: closing or
     *  replacing it asks first). */
    void loadUnsaved(const QJsonObject &root);

Q_SIGNALS:
    /** Any value changed (also emitted with structureChanged). */
    void changed();
    void structureChanged();
    void dirtyChanged();
    /** canUndo, canRedo, undoText or redoText changed. */
    void historyChanged();
    void fileChanged();
    void lastErrorChanged();
    /** A file was opened or saved under @p path (for the recent-files list). */
    void fileUsed(const QString &path);

private:
    /** Makes @p root the document and records it as an edit named @p label (EditHistory: edits
     *  with the same non-empty @p mergeKey in a row are one step). */
    void apply(const QJsonValue &root, bool structural, const QString &label,
               const QString &mergeKey = {});
    /** Revalidates and tells the views after m_root changed. */
    void show(bool structural);
    [[nodiscard]] QString editLabel(const QString &path) const;
    void revalidate();
    void setDirty(bool dirty);
    void setFilePath(const QString &path);
    void setLastError(const QString &error);
    void replaceDocument(const QJsonValue &root, const QString &path);
    /** The validated step at @p path (onConnect steps included), or nullptr. */
    [[nodiscard]] const Step *stepAt(const QString &path) const;

    QJsonValue m_root;
    Profile m_profile;
    QList<ProfileIssue> m_issues;
    QHash<QString, QString> m_drafts; ///< template name → JSON text that does not parse yet
    FeedTableCache m_feedCache;       ///< feeder files, reread only when they change on disk
    QList<std::shared_ptr<const FeedTable>> m_feedTables; ///< per feeder, from revalidate()
    EditHistory m_history;
    QString m_filePath;
    QString m_lastError;
    bool m_dirty = false;
    int m_revision = 0;
    int m_structureRevision = 0;
};

} // namespace cicada
