#pragma once

#include "import/recordedexchange.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace cicada {

/**
 * @brief Reads a "Copy as cURL" command (Chromium, Firefox; bash syntax) into a RecordedExchange.
 *
 * Words are split like a POSIX shell: single quotes, double quotes (with \\ \" \$ \` escapes),
 * bash's `$'...'` ANSI-C quoting (Chromium uses it for bodies with control characters),
 * backslashes, and backslash-newline continuations (also `^` continuations of cmd.exe copies).
 * Understood options: the URL (or --url), -X/--request, -H/--header, -b/--cookie,
 * -d/--data/--data-raw/--data-binary/--data-ascii/--data-urlencode (several are joined with '&';
 * they make the method POST unless -X says otherwise), --json, -u/--user (becomes an
 * Authorization: Basic header), -A/--user-agent, -e/--referer, -G/--get, -I/--head.
 * Options that change only how curl behaves (--compressed, -k, -L, -s, -v, -i, ...) are ignored;
 * an unknown option is an error, so nothing the command meant is silently lost.
 */
class CurlCommand
{
public:
    [[nodiscard]] static std::optional<RecordedExchange> parse(const QString &command,
                                                               QString *error);
    /** The shell words of @p command; std::nullopt with @p error on an unterminated quote. */
    [[nodiscard]] static std::optional<QStringList> split(const QString &command, QString *error);
};

} // namespace cicada
