#pragma once

#include "profile/profile.h"
#include "profile/steps/capture.h"
#include "profile/steps/condition.h"
#include "profile/steps/step.h"
#include "profile/steps/stepdescriptor.h"
#include "profile/template.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief The reading state and the validating helpers that ProfileReader and the step descriptors
 * share: every problem becomes a ProfileIssue with a JSON path and a sentence, and reading goes on.
 *
 * ProfileReader derives from it and fills the profile-level context (variables, templates,
 * target URLs, the schema the file declares) before any step is read; a descriptor's `read` gets
 * it as its `reader` and uses only this interface. Never throws or asserts on any input.
 *
 * Ranges: durations are at most kMaxDurationMs (ProfileIo::parseDuration), sizes at most
 * kMaxSizeBytes, counts (inFlight, replies) at most kMaxCount.
 */
class StepReader
{
public:
    static constexpr qint64 kMaxSizeBytes = qint64(2) * 1024 * 1024 * 1024; ///< 2 GiB
    static constexpr int kMaxCount = 100000;                                ///< inFlight, replies

    /** Issues are appended to @p issues, which must not be nullptr. */
    explicit StepReader(QList<ProfileIssue> *issues);
    virtual ~StepReader() = default;
    StepReader(const StepReader &) = delete;
    StepReader &operator=(const StepReader &) = delete;

    // --- problems
    void error(const QString &path, const QString &message);
    void warning(const QString &path, const QString &message);
    /** "WHAT must be EXPECTED, not a string". */
    void wrongType(const QString &path, const QString &what, const QString &expected,
                   const QJsonValue &value);
    /**
     * Reports keys of @p object not in @p known (with a did-you-mean), and keys of
     * @p schema2Keys (a subset of @p known) when the file declares schema 1. Returns how many
     * keys were unknown.
     */
    int checkKeys(const QJsonObject &object, const QString &path, const QStringList &known,
                  const QStringList &schema2Keys = {});
    /** Reports that @p what (at @p path) needs `"schema": 2` when the file declares schema 1. */
    void requireSchema2(const QString &path, const QString &what);

    // --- values (each returns true when @p key is present and valid; absent keys are no issue)
    bool readString(const QJsonObject &o, const QString &key, const QString &path, QString *out);
    bool readBool(const QJsonObject &o, const QString &key, const QString &path, bool *out);
    /** A whole number in [@p min, @p max]. */
    bool readInt(const QJsonObject &o, const QString &key, const QString &path, int min, int max,
                 int *out);
    /** A size in bytes, a whole number from 1 to kMaxSizeBytes. */
    bool readSize(const QJsonObject &o, const QString &key, const QString &path, qint64 *out);
    bool readDuration(const QJsonValue &v, const QString &what, const QString &path, qint64 *out);
    bool readDuration(const QJsonObject &o, const QString &key, const QString &path, qint64 *out);
    /** A duration longer than 0; @p fallback names what applies when the key is left out. */
    bool readTimeout(const QJsonObject &o, const QString &key, const QString &path,
                     const QString &fallback, qint64 *out);
    bool readObject(const QJsonObject &o, const QString &key, const QString &path,
                    QJsonObject *out);
    bool readArray(const QJsonObject &o, const QString &key, const QString &path, QJsonArray *out);
    QString readComment(const QJsonObject &o, const QString &path);
    /** A list of strings; with @p singleAllowed, one string is read as a list of one. */
    bool readStringList(const QJsonObject &o, const QString &key, const QString &path,
                        bool singleAllowed, QStringList *out);

    // --- placeholders, URLs and references
    /**
     * Parses @p text as a Template and checks the variables, environment and captures it uses.
     * With @p envOnly, placeholders other than `{{env.NAME}}` are errors (target URLs).
     */
    void checkTemplate(const QString &text, const QString &path,
                       Template::Escaping escaping = Template::Escaping::None,
                       const QString &prefix = {}, bool envOnly = false);
    void checkJsonTemplate(const QJsonValue &value, const QString &path);
    /** Reports `{{feed.NAME.column}}` uses of @p t whose NAME is not in $.feeders. Columns are
     *  checked against the files by FeedLoader (validate, the GUI, the run). */
    void checkFeedUses(const Template &t, const QString &path, const QString &prefix = {});
    /** Which placeholders a URL may hold. */
    enum class UrlPlaceholders
    {
        None,
        EnvOnly,
        All
    };
    /**
     * Checks an absolute URL with one of @p schemes and a host. A URL with placeholders is
     * checked as far as its literal start allows (scheme); one that starts with a placeholder is
     * checked when the run compiles it.
     */
    void checkUrl(const QString &url, const QString &path, const QString &what,
                  const QStringList &schemes, UrlPlaceholders placeholders);
    /** Reports @p name when $.templates has no such template (with a did-you-mean). */
    void checkTemplateReference(const QString &name, const QString &path);
    /**
     * "template" (a name from $.templates) or "body" (inline text with placeholders), not both;
     * @p requiredBy non-empty (e.g. "wsSend"): one of them is needed.
     */
    void readBody(const QJsonObject &o, const QString &path, const QString &requiredBy,
                  QString *bodyTemplate, QString *body);
    /** Cookies (name, value, domain) or headers (name, value) at @p parent[@p key]. */
    QList<NameValue> readNameValues(const QJsonObject &parent, const QString &key,
                                    const QString &parentPath, bool cookies);

    // --- schema 2 parts shared by several step kinds
    /** An RFC 6901 JSON pointer ("" or "/a/b~1c"); @p nonEmpty refuses "". */
    bool checkPointer(const QString &pointer, const QString &path, const QString &what,
                      bool nonEmpty);
    /** Compiles @p pattern; reports the error and its position. */
    bool checkRegex(const QString &pattern, const QString &path, const QString &what);
    /** `"capture": {"NAME": {"json": "/ptr"}, ...}`; header and cookie sources only for @p http. */
    QList<Capture> readCaptures(const QJsonObject &o, const QString &key, const QString &path,
                                bool http);
    /** A list of conditions (see Condition) at @p o[@p key]. */
    QList<Condition> readConditions(const QJsonObject &o, const QString &key, const QString &path);
    Condition readCondition(const QJsonValue &value, const QString &path);

    // --- steps
    /** The steps of @p o[@p key]; @p required: at least one. */
    QList<Step> readSteps(const QJsonObject &o, const QString &key, const QString &path,
                          bool required);
    /** One step: an object with exactly one kind key (see StepDescriptor) and a comment. */
    Step readStep(const QJsonValue &value, const QString &path);

    /** True while the steps being read have an open WebSocket (a wsConnect came before). */
    [[nodiscard]] bool connected() const { return m_connected; }
    void setConnected(bool connected) { m_connected = connected; }
    [[nodiscard]] bool hasBaseUrl() const { return m_hasBaseUrl; }
    [[nodiscard]] bool hasBrokerUrl() const { return m_hasBrokerUrl; }
    /** The schema the file declares (1 or 2). */
    [[nodiscard]] int declaredSchema() const { return m_declaredSchema; }

    /** "$.a" + "b" → "$.a.b"; keys that are not identifiers use `["key"]`. */
    static QString childPath(const QString &path, const QString &key);
    /** "$.a" + 3 → "$.a[3]". */
    static QString indexPath(const QString &path, qsizetype index);
    /** The known key closest to @p key (typo distance ≤ 2), or an empty string. */
    static QString closest(const QString &key, const QStringList &known);
    /** 'a', 'b', 'c' */
    static QString quotedList(const QStringList &items);
    /** "a string", "a number", "null", ... for messages. */
    static QString typeName(const QJsonValue &value);
    /** Letters, digits and '_', not starting with a digit. */
    static bool isIdentifier(const QString &s);

protected:
    /**
     * Reports every `{{capture.NAME}}` used where no step captures NAME; call once at the end.
     * Captures belong to a user: a step may use what a step of its own user type captures; the
     * profile's shared parts (headers, cookies, templates) what any step captures.
     */
    void checkCaptureUses();
    /** The user type whose steps are read next (its name), or empty for the shared parts. */
    void setCaptureScope(const QString &userType) { m_captureScope = userType; }

    QList<ProfileIssue> *m_issues;
    Profile m_profile; ///< the profile being read: variables and templates are the context
    QHash<QString, QString> m_environment;
    int m_declaredSchema = kProfileSchema;
    bool m_hasBaseUrl = false;
    bool m_hasBrokerUrl = false;

private:
    bool m_connected = false;
    QString m_captureScope;
    QHash<QString, QSet<QString>> m_capturedNames; ///< user type → names its steps capture
    struct CaptureUse
    {
        QString name;
        QString path;
        QString scope; ///< the user type, or empty for the shared parts
    };
    QList<CaptureUse> m_captureUses;
};

} // namespace cicada
