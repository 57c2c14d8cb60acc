#pragma once

#include "profile/profile.h"
#include "profile/template.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief Converts a schema-1 JSON object into a Profile and validates it (internal to ProfileIo).
 *
 * Best effort: every value that can be read is kept, every problem becomes a ProfileIssue with its
 * JSON path, and reading goes on after a problem. Never throws or asserts on any input. Use
 * ProfileIo::fromJson() rather than this class.
 */
class ProfileReader
{
public:
    /** Issues are appended to @p issues, which must not be nullptr. */
    explicit ProfileReader(QList<ProfileIssue> *issues);

    /** Reads @p root; the issues found are appended to the list given to the constructor. */
    [[nodiscard]] Profile read(const QJsonObject &root);

    /** "$.a" + "b" → "$.a.b"; keys that are not identifiers use `["key"]`. */
    static QString childPath(const QString &path, const QString &key);
    /** The known key closest to @p key (typo distance ≤ 2), or an empty string. */
    static QString closest(const QString &key, const QStringList &known);

private:
    void error(const QString &path, const QString &message);
    void warning(const QString &path, const QString &message);
    void wrongType(const QString &path, const QString &what, const QString &expected,
                   const QJsonValue &value);
    /** Reports keys of @p object not in @p known; returns how many there were. */
    int checkKeys(const QJsonObject &object, const QString &path, const QStringList &known);

    bool readString(const QJsonObject &o, const QString &key, const QString &path, QString *out);
    bool readBool(const QJsonObject &o, const QString &key, const QString &path, bool *out);
    bool readInt(const QJsonObject &o, const QString &key, const QString &path, int min, int *out);
    bool readDuration(const QJsonValue &v, const QString &what, const QString &path, qint64 *out);
    bool readDuration(const QJsonObject &o, const QString &key, const QString &path, qint64 *out);
    bool readObject(const QJsonObject &o, const QString &key, const QString &path,
                    QJsonObject *out);
    bool readArray(const QJsonObject &o, const QString &key, const QString &path, QJsonArray *out);
    QString readComment(const QJsonObject &o, const QString &path);

    /** Parses @p text as a Template and checks the variables and environment it uses. */
    void checkTemplate(const QString &text, const QString &path,
                       Template::Escaping escaping = Template::Escaping::None,
                       const QString &prefix = {});
    void checkJsonTemplate(const QJsonValue &value, const QString &path);
    void checkUrl(const QString &url, const QString &path, const QString &what,
                  const QStringList &schemes);
    void checkTemplateReference(const QString &name, const QString &path);

    void readTarget(const QJsonObject &o, const QString &path, Target *target);
    QList<NameValue> readNameValues(const QJsonObject &parent, const QString &key,
                                    const QString &parentPath, bool cookies);
    void readVariables(const QJsonObject &root);
    void readTemplates(const QJsonObject &root);
    UserType readUserType(const QJsonValue &value, const QString &path);
    WaitTime readWait(const QJsonValue &value, const QString &path);
    Task readTask(const QJsonValue &value, const QString &path, bool *connected);
    QList<Step> readSteps(const QJsonObject &o, const QString &key, const QString &path,
                          bool *connected, bool required);
    Step readStep(const QJsonValue &value, const QString &path, bool *connected);
    void readHttp(const QJsonObject &o, const QString &path, HttpStep *step);
    void readWsConnect(const QJsonObject &o, const QString &path, WsConnectStep *step);
    void readWsSend(const QJsonObject &o, const QString &path, WsSendStep *step);
    void readThink(const QJsonValue &v, const QString &path, ThinkStep *step);
    void readBody(const QJsonObject &o, const QString &path, QString *bodyTemplate, QString *body,
                  bool required);
    void readLoad(const QJsonObject &o, const QString &path, LoadSettings *load);
    void readThresholds(const QJsonObject &root);

    QList<ProfileIssue> *m_issues;
    Profile m_profile;
    QHash<QString, QString> m_environment;
    bool m_hasBaseUrl = false;
    bool m_hasBrokerUrl = false;
};

} // namespace cicada
