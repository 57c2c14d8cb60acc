#pragma once

#include "engine/compiledsteps.h"
#include "feed/feedset.h"
#include "profile/profile.h"
#include "profile/template.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
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
    int fixedCount = 0; ///< UserType::fixedCount
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
    /// target.sourceAddresses expanded (SourceAddresses); user n binds [n mod size], empty = any.
    QList<QHostAddress> sourceAddresses;
    /** The local address user @p userIndex binds, or a null address (the kernel's choice). */
    [[nodiscard]] QHostAddress sourceAddressFor(int userIndex) const
    {
        return sourceAddresses.isEmpty()
                   ? QHostAddress()
                   : sourceAddresses.at(qsizetype(userIndex) % sourceAddresses.size());
    }
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
    /// The feeders' rows and shared cursors (nullptr without feeders). The one mutable part of a
    /// compiled profile: its cursors are atomics, shared by all worker threads.
    std::shared_ptr<FeedSet> feeds;

    /**
     * Compiles @p profile. Returns nullptr and fills @p errors (plain sentences with the JSON path)
     * when something cannot be compiled; callers normally validated with ProfileIo first.
     * Feeder files are loaded here, relative to @p baseDir (the profile's directory; empty: the
     * current directory).
     */
    [[nodiscard]] static std::shared_ptr<const CompiledProfile>
    compile(const Profile &profile, QStringList *errors, const QString &baseDir = {});
};

} // namespace cicada
