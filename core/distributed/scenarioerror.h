#pragma once

#include <QString>

namespace cicada {

/**
 * @brief Tells failures caused by the profile itself (a "script error", what Locust reports as an
 * `exception`) from failures of the system under test.
 *
 * The engine counts both as failures of their row; the Locust worker additionally sends the
 * scenario kind to the master as an `exception` (Exceptions tab, exceptions.csv). Recognised by
 * the engine's sentences: a WS send with no wsConnect before it, and a match-await whose sent
 * message lacks the match field (tests/core/distributed/scenarioerrortest.cpp runs the engine to
 * keep the two in step).
 */
class ScenarioError
{
public:
    ScenarioError() = delete;

    [[nodiscard]] static bool isScenarioError(const QString &error);
};

} // namespace cicada
