#include "profile/sourceaddresses.h"

namespace cicada {

namespace {

bool parseAddress(const QString &text, QHostAddress *address)
{
    // QHostAddress also takes "1" or "10.1" (inet_aton forms); a profile wants dotted quads.
    if (!address->setAddress(text))
        return false;
    return address->protocol() != QAbstractSocket::IPv4Protocol ||
           text.count(QLatin1Char('.')) == 3;
}

} // namespace

QList<QHostAddress> SourceAddresses::expand(const QStringList &entries, Error *error)
{
    QList<QHostAddress> result;
    const auto fail = [&](qsizetype entry, const QString &message) {
        if (error)
            *error = {entry, message};
        return QList<QHostAddress>();
    };
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString entry = entries.at(i).trimmed();
        const qsizetype dash = entry.indexOf(QLatin1Char('-'));
        if (dash < 0) {
            QHostAddress address;
            if (!parseAddress(entry, &address))
                return fail(i, QStringLiteral("'%1' is not an IP address (e.g. \"127.0.0.2\", "
                                              "\"::1\", or a range \"127.0.0.1-127.0.0.8\")")
                                   .arg(entries.at(i)));
            result.append(address);
        } else {
            QHostAddress first;
            QHostAddress last;
            if (!parseAddress(entry.left(dash).trimmed(), &first) ||
                !parseAddress(entry.mid(dash + 1).trimmed(), &last) ||
                first.protocol() != QAbstractSocket::IPv4Protocol ||
                last.protocol() != QAbstractSocket::IPv4Protocol)
                return fail(i, QStringLiteral("'%1' is not a range of IPv4 addresses like "
                                              "\"127.0.0.1-127.0.0.8\"")
                                   .arg(entries.at(i)));
            if (last.toIPv4Address() < first.toIPv4Address())
                return fail(
                    i, QStringLiteral("the range '%1' ends before it starts").arg(entries.at(i)));
            const quint64 count = quint64(last.toIPv4Address()) - first.toIPv4Address() + 1;
            if (count + quint64(result.size()) > quint64(kMaxAddresses))
                return fail(i, QStringLiteral("'%1' makes more than %2 source addresses")
                                   .arg(entries.at(i))
                                   .arg(kMaxAddresses));
            for (quint32 a = first.toIPv4Address();; ++a) {
                result.append(QHostAddress(a));
                if (a == last.toIPv4Address())
                    break;
            }
        }
        if (result.size() > kMaxAddresses)
            return fail(i, QStringLiteral("more than %1 source addresses").arg(kMaxAddresses));
    }
    return result;
}

} // namespace cicada
