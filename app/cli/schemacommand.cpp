#include "commands.h"

#include "profile/profileschema.h"

#include <QCommandLineParser>
#include <QFile>

namespace cicada {

int schemaCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints the JSON Schema of Cicada profiles (*.cicada.json) for editors.\n"
                       "It is generated from the same step descriptors the profile reader uses;\n"
                       "resources/schema/cicada-profile.schema.json is this output."));
    parser.addHelpOption();
    parser.process(args);
    if (!parser.positionalArguments().isEmpty()) {
        QFile err;
        if (err.open(stderr, QIODevice::WriteOnly))
            err.write("cicada-cli schema: takes no arguments\n");
        return kExitBadInput;
    }
    // Raw bytes, so the output equals the committed file whatever the locale.
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return kExitBadInput;
    const QByteArray text = ProfileSchema::text();
    return out.write(text) == text.size() && out.flush() ? kExitOk : kExitBadInput;
}

} // namespace cicada
