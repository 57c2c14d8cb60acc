#pragma once

#include "profile/profile.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace cicada {

/**
 * @brief `-H/--host URL` and `--broker URL`, shared by `run` and `worker`: point a profile at
 *        another server without editing it (e.g. the demo server on another port).
 *
 * --host replaces target.baseUrl the way a Locust master's --host does (HostOverride):
 * target.brokerUrl follows when it pointed at the same server, keeping its path. --broker then
 * sets target.brokerUrl itself. Both take literal URLs.
 */
class TargetOptions
{
public:
    TargetOptions();

    /// The options to add to a command's parser.
    [[nodiscard]] QList<QCommandLineOption> options() const { return {m_host, m_broker}; }
    /**
     * Applies the options given to @p target. False with @p error (naming the option) when a URL
     * is not an absolute http(s) (--host) or ws(s) (--broker) URL with a host.
     */
    [[nodiscard]] bool apply(const QCommandLineParser &parser, Target *target,
                             QString *error) const;
    /// The target for a start line: "http://h:1 and ws://h:1/broker", one of them, or "".
    [[nodiscard]] static QString describe(const Target &target);

private:
    QCommandLineOption m_host;
    QCommandLineOption m_broker;
};

} // namespace cicada
