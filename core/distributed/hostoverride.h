#pragma once

#include "profile/profile.h"

#include <QString>

namespace cicada {

/**
 * @brief Applies the `host` of a Locust `spawn` message (the master's `--host` or the web form's
 * Host field) to a profile's target, as a Python worker applies it to its user classes.
 *
 * The host (an http, https, ws or wss URL) replaces target.baseUrl. target.brokerUrl follows it
 * only when it pointed at the same server as baseUrl (same host and port): then it takes the
 * host's server and the matching scheme (http → ws, https → wss) and keeps its own path, so
 * `http://10.0.0.5:9000` turns `ws://127.0.0.1:8765/broker` into `ws://10.0.0.5:9000/broker`.
 * A host without userinfo that names the same server (host and port) as baseUrl keeps baseUrl's
 * userinfo: masters are given hosts without credentials. An empty host changes nothing.
 */
class HostOverride
{
public:
    HostOverride() = delete;

    /** Returns false (and sets @p error, leaving @p target unchanged) when @p host is not an
     *  absolute http(s)/ws(s) URL. */
    [[nodiscard]] static bool apply(Target *target, const QString &host, QString *error);
};

} // namespace cicada
