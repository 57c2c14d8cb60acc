#include "profile/profileschema.h"
#include "profile/steps/stepdescriptor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cicada;

class ProfileSchemaTest : public QObject
{
    Q_OBJECT

private slots:
    void committedSchemaIsTheGeneratedOne()
    {
        QFile f(QStringLiteral(CICADA_SOURCE_DIR "/resources/schema/cicada-profile.schema.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(f.readAll() == ProfileSchema::text(),
                 "resources/schema/cicada-profile.schema.json is stale: regenerate it with "
                 "cicada-cli schema > resources/schema/cicada-profile.schema.json");
    }

    void textIsStableAndParses()
    {
        const QByteArray text = ProfileSchema::text();
        QCOMPARE(ProfileSchema::text(), text);
        QVERIFY(text.endsWith('\n'));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object(), ProfileSchema::build());
    }

    void everyStepKindComesFromItsDescriptor()
    {
        const QJsonObject schema = ProfileSchema::build();
        const QJsonArray kinds = schema.value(QLatin1String("$defs"))
                                     .toObject()
                                     .value(QLatin1String("step"))
                                     .toObject()
                                     .value(QLatin1String("oneOf"))
                                     .toArray();
        QCOMPARE(kinds.size(), stepDescriptors().size());
        for (qsizetype i = 0; i < kinds.size(); ++i) {
            const StepDescriptor &d = stepDescriptors().at(i);
            const QJsonObject alternative = kinds.at(i).toObject();
            QCOMPARE(alternative.value(QLatin1String("required")).toArray(), QJsonArray{d.key});
            QCOMPARE(alternative.value(QLatin1String("properties")).toObject().value(d.key),
                     QJsonValue(d.jsonSchema));
        }
    }

    void everySharedPartIsDefined()
    {
        // Every "$ref" points into $defs.
        const QJsonObject schema = ProfileSchema::build();
        const QJsonObject defs = schema.value(QLatin1String("$defs")).toObject();
        int refs = 0;
        std::function<void(const QJsonValue &)> visit = [&](const QJsonValue &v) {
            if (v.isArray()) {
                for (const QJsonValue &item : v.toArray())
                    visit(item);
            } else if (v.isObject()) {
                const QJsonObject o = v.toObject();
                const QString ref = o.value(QLatin1String("$ref")).toString();
                if (!ref.isEmpty()) {
                    ++refs;
                    QVERIFY2(ref.startsWith(QLatin1String("#/$defs/")) && defs.contains(ref.mid(8)),
                             qPrintable(ref));
                }
                for (auto it = o.begin(); it != o.end(); ++it)
                    visit(it.value());
            }
        };
        visit(schema);
        QVERIFY(refs > 20);
    }
};

QTEST_GUILESS_MAIN(ProfileSchemaTest)
#include "profileschematest.moc"
