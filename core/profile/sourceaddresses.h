#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief The local source addresses of a profile's `target.sourceAddresses`: the entries as
 *        written, expanded to the addresses users bind round-robin.
 *
 * One source/destination address pair has at most as many connections as the kernel has
 * ephemeral ports (net.ipv4.ip_local_port_range, 28,232 by default); binding users to several
 * local addresses (e.g. 127.0.0.1-127.0.0.8 on loopback, or the aliases of a NIC) lifts that, as
 * Tsung's and JMeter's source-IP settings do. User n binds address n mod count.
 *
 * An entry is one IPv4 or IPv6 address ("10.0.0.5", "::1") or an inclusive IPv4 range
 * "FIRST-LAST" ("127.0.0.1-127.0.0.8"). At most kMaxAddresses addresses in all.
 */
class SourceAddresses
{
public:
    SourceAddresses() = delete;

    static constexpr qsizetype kMaxAddresses = 65536;

    /// Why expand() failed: the entry (index into the list) and a sentence.
    struct Error
    {
        qsizetype entry = -1;
        QString message;
    };

    /**
     * The addresses of @p entries in order, ranges expanded. On a bad entry returns an empty list
     * and fills @p error (when given).
     */
    [[nodiscard]] static QList<QHostAddress> expand(const QStringList &entries,
                                                    Error *error = nullptr);
};

} // namespace cicada
