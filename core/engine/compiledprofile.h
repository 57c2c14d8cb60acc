#pragma once

#include "engine/compiledsteps.h"
#include "profile/profile.h"
#include "profile/template.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

namespace cicada {

struct CompiledTask
{
    QString name;
    int weight = 1;
    CompiledSteps steps;
};

struct CompiledUserType
{
    QString name;
    int weight = 1;
    WaitTime wait;
    CompiledSteps onStart;
    QList<CompiledTask> tasks;
    CompiledSteps onStop;
    int totalTaskWeight = 0;
};

/**
 * @brief A profile prepared for running: every step compiled to its kind's struct
 * (compiledsteps.h) with templates parsed once and defaults resolved. Immutable after
 * compile(); shared read-only by all worker threads.
 */
struct CompiledProfile
{
    Profile profile; ///< as given, with target.baseUrl/brokerUrl's {{env.NAME}} resolved
    QUrl baseUrl;
    QString baseUrlPrefix; ///< target.baseUrl without a trailing '/', prepended to paths
    QUrl brokerUrl;
    CompiledHeaders headers; ///< profile-wide headers (HTTP and WS upgrade)
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
