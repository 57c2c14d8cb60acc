#pragma once

#include "import/importoptions.h"
#include "import/importresult.h"
#include "import/recordedexchange.h"

#include <QList>

namespace cicada {

/**
 * @brief Turns recorded traffic (HAR entries, a cURL command) into a profile: one user type
 *        whose one task replays the recording in order.
 *
 * - HTTP requests become http steps: the path relative to target.baseUrl (the origin of the first
 *   request kept) or an absolute URL, the method, the headers a server needs (Content-Type and
 *   non-standard ones; what a client adds by itself — Host, User-Agent, Accept-*, Sec-*, ... — is
 *   left out), JSON bodies as payload templates, other bodies inline. The stats name is the path.
 * - Recorded gaps between one request's end and the next one's start of at least minThinkMs
 *   become think steps (rounded to 100 ms, cut to maxThinkMs).
 * - Static assets (images, stylesheets, scripts, fonts, media — by Chromium's resource type, the
 *   response MIME type or the file extension), CORS preflights (OPTIONS) and requests to other
 *   hosts than the main one are skipped unless the options keep them; each skip is counted in a
 *   note.
 * - A WebSocket recorded by Chromium (`_webSocketMessages`) becomes a wsConnect at its time and one
 *   wsSend per sent frame, at the frame's time; a send awaits "match" on the pointer
 *   MatchInference finds (a string id there is replaced by `{{uuid}}`, so every send is unique),
 *   else it does not await. The task ends with a close step. Only the first WebSocket of a
 *   recording is imported (a user has one); the others are noted.
 * - Credentials never land in the profile: cookies the browser had before the recording (not set
 *   by a recorded response — those the user's cookie jar gets by itself), credential headers
 *   (Redactor::isCredentialHeader), and JSON fields, form fields and query parameters named like
 *   a secret (password, token, secret, api key, auth, credential, session) become `{{env.NAME}}`
 *   references, listed in ImportResult::environment.
 *
 * Pure: no files, no network.
 */
class ProfileImporter
{
public:
    [[nodiscard]] static ImportResult import(const QList<RecordedExchange> &recording,
                                             const ImportOptions &options);
    /** True for images, stylesheets, scripts, fonts and media. */
    [[nodiscard]] static bool isStaticAsset(const RecordedExchange &exchange);
    /** True when a JSON field, form field or query parameter of this name holds a secret. */
    [[nodiscard]] static bool isSecretField(const QString &name);
};

} // namespace cicada
