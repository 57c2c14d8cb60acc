#pragma once

#include "profile/profile.h"
#include "profile/template.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

namespace cicada {

/**
 * @brief A profile prepared for running: every template parsed once, stats names and types
 * resolved. Immutable after compile(); shared read-only by all worker threads.
 */
struct CompiledStep
{
    Step::Kind kind = Step::Kind::Http;
    QString type; ///< stats type: HTTP method, "WS connect", "WS send", "WS emit"
    QString name; ///< stats name
    // Http
    QByteArray method;
    Template path; ///< relative to base URL or absolute
    bool absolutePath = false;
    QList<QPair<QByteArray, Template>> headers; ///< per-request headers
    Template body;
    bool hasBody = false;
    bool jsonBody = false; ///< body comes from a JSON template: send Content-Type: application/json
    QList<int> expectStatus;
    // WsConnect
    QUrl url;
    // WsSend
    WsSendStep::Await await = WsSendStep::Await::None;
    QString matchField; ///< top-level field of the first match pointer (engine v1)
    qint64 timeoutMs = 0;
    // Think
    qint64 thinkMinMs = 0;
    qint64 thinkMaxMs = 0;
};

struct CompiledTask
{
    QString name;
    int weight = 1;
    QList<CompiledStep> steps;
};

struct CompiledUserType
{
    QString name;
    int weight = 1;
    WaitTime wait;
    QList<CompiledStep> onStart;
    QList<CompiledTask> tasks;
    QList<CompiledStep> onStop;
    int totalTaskWeight = 0;
};

struct CompiledProfile
{
    Profile profile;
    QUrl baseUrl;
    QString baseUrlPrefix; ///< target.baseUrl without a trailing '/', prepended to paths
    QUrl brokerUrl;
    QList<QPair<QByteArray, Template>> headers; ///< profile-wide headers (HTTP and WS upgrade)
    struct Cookie
    {
        QByteArray name;
        Template value;
        QString domain;
    };
    QList<Cookie> cookies;
    QHash<QString, QString> variables;
    QHash<QString, QString> environment; ///< snapshot taken at compile time
    QList<CompiledUserType> userTypes;

    /**
     * Compiles @p profile. Returns nullptr and fills @p errors (plain sentences with the JSON path)
     * when something cannot be compiled; callers normally validated with ProfileIo first.
     */
    [[nodiscard]] static std::shared_ptr<const CompiledProfile> compile(const Profile &profile,
                                                                        QStringList *errors);
};

} // namespace cicada
