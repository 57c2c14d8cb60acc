#pragma once

#include "profile/steps/capture.h"
#include "profile/steps/condition.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace cicada {

class ParsedMessage;
class UserContext;
struct HttpResponse;

/**
 * @brief A step's checks and captures applied to what it received (an HTTP response, a WS
 * reply or a message taken by wsAwait), the same way for every step kind.
 *
 * Checks first, in order: the first that fails is the error (ConditionCheck names it). Then the
 * captures, all or nothing: the first that finds nothing is the error (Capturer names it) and no
 * value is stored, so a later template never mixes values of a half-failed response.
 */
class ResponseRules
{
public:
    /** Empty on success (captures stored in @p context); else the failure sentence. */
    [[nodiscard]] static QString apply(const QList<Condition> &checks,
                                       const QList<Capture> &captures, ParsedMessage &message,
                                       UserContext &context, const HttpResponse *response = nullptr,
                                       const QUrl &url = {});
};

} // namespace cicada
