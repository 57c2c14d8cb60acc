// The main() of a fuzz target when libFuzzer is not used (the default build): replays a seed
// corpus, then mutates it at random for a bounded time, so a short fuzz run is a plain ctest.
//
//   fuzz_X [--seconds S] [--seed N] [--max-len BYTES] DIR_OR_FILE...
//
// Prints "fuzz_X: N execs in T s (E/s), C seeds, 0 crashes". A crash (signal) or a trap ends the
// process with that signal, so the test fails; the input that crashed is saved first as
// crash-fuzz_X-<pid> in the working directory (add it to the corpus as a regression seed).
#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

constexpr int kDefaultSeconds = 10;
constexpr qsizetype kDefaultMaxLen = 64 * 1024;

// The input being run, for the crash handler (async-signal-safe access only).
const char *g_current = nullptr;
size_t g_currentSize = 0;
char g_crashPath[256] = {};

void onCrash(int sig)
{
    const int fd = ::open(g_crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && g_current) {
        [[maybe_unused]] ssize_t n = ::write(fd, g_current, g_currentSize);
        ::close(fd);
    }
    static const char kMsg[] = "fuzz: crashed; input saved as ";
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, kMsg, sizeof(kMsg) - 1);
    n = ::write(STDERR_FILENO, g_crashPath, std::strlen(g_crashPath));
    n = ::write(STDERR_FILENO, "\n", 1);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

int run(const QByteArray &input)
{
    g_current = input.constData();
    g_currentSize = size_t(input.size());
    return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                                  size_t(input.size()));
}

// Tokens that parsers care about, spliced in by the mutator.
const QList<QByteArray> kTokens = {"{{",
                                   "}}",
                                   "{{env.HOME}}",
                                   "{{var.room}}",
                                   "{{randomInt(1,9)}}",
                                   "\"",
                                   "\\u0000",
                                   "{",
                                   "}",
                                   "[",
                                   "]",
                                   ":",
                                   ",",
                                   "null",
                                   "true",
                                   "1e308",
                                   "-1",
                                   "9223372036854775807",
                                   "\r\n",
                                   "\r\n\r\n",
                                   "HTTP/1.1 ",
                                   "chunked",
                                   "Content-Length: ",
                                   "0\r\n\r\n",
                                   "ms",
                                   "s",
                                   "%",
                                   "p99.9",
                                   "<",
                                   ">=",
                                   "\xc1",
                                   "\xdd\xff\xff\xff\xff",
                                   "\xdf\xff\xff\xff\xff",
                                   "\x93",
                                   "\xff\xfe"};

QByteArray mutate(QByteArray data, const QList<QByteArray> &corpus, QRandomGenerator &rng,
                  qsizetype maxLen)
{
    const int rounds = 1 + int(rng.bounded(4));
    for (int r = 0; r < rounds; ++r) {
        const qsizetype pos = data.isEmpty() ? 0 : qsizetype(rng.bounded(quint32(data.size())));
        switch (rng.bounded(7)) {
        case 0: // flip a bit
            if (!data.isEmpty())
                data[pos] = char(data[pos] ^ (1 << rng.bounded(8)));
            break;
        case 1: // random byte
            if (!data.isEmpty())
                data[pos] = char(rng.bounded(256));
            break;
        case 2: // delete a run
            data.remove(pos, qsizetype(rng.bounded(16)) + 1);
            break;
        case 3: // insert a token
            data.insert(pos, kTokens.at(qsizetype(rng.bounded(quint32(kTokens.size())))));
            break;
        case 4: { // duplicate a run
            const QByteArray run = data.mid(pos, qsizetype(rng.bounded(64)) + 1);
            data.insert(pos, run);
            break;
        }
        case 5: { // splice with another seed
            const QByteArray &other = corpus.at(qsizetype(rng.bounded(quint32(corpus.size()))));
            if (!other.isEmpty()) {
                const qsizetype from = qsizetype(rng.bounded(quint32(other.size())));
                data = data.left(pos) + other.mid(from);
            }
            break;
        }
        default: // truncate
            data.truncate(pos);
            break;
        }
    }
    return data.left(maxLen);
}

} // namespace

int main(int argc, char *argv[])
{
    int seconds = kDefaultSeconds;
    quint32 seed = 0;
    qsizetype maxLen = kDefaultMaxLen;
    QStringList paths;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--seconds" && i + 1 < argc)
            seconds = QByteArray(argv[++i]).toInt();
        else if (arg == "--seed" && i + 1 < argc)
            seed = QByteArray(argv[++i]).toUInt();
        else if (arg == "--max-len" && i + 1 < argc)
            maxLen = QByteArray(argv[++i]).toLongLong();
        else
            paths << QFile::decodeName(arg);
    }
    const QString name = QFileInfo(QFile::decodeName(argv[0])).fileName();
    std::snprintf(g_crashPath, sizeof g_crashPath, "crash-%s-%d", qPrintable(name),
                  int(::getpid()));
    for (const int sig : {SIGSEGV, SIGABRT, SIGILL, SIGFPE, SIGBUS, SIGTRAP})
        std::signal(sig, onCrash);

    QList<QByteArray> corpus;
    for (const QString &path : std::as_const(paths)) {
        QStringList files;
        if (QFileInfo(path).isDir()) {
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
        } else {
            files << path;
        }
        files.sort();
        for (const QString &file : std::as_const(files)) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                corpus << f.read(maxLen);
        }
    }
    if (corpus.isEmpty())
        corpus << QByteArray();

    QElapsedTimer clock;
    clock.start();
    qint64 execs = 0;
    for (const QByteArray &input : std::as_const(corpus)) {
        run(input);
        ++execs;
    }
    if (seed == 0)
        seed = QRandomGenerator::global()->generate() | 1;
    QRandomGenerator rng(seed);
    while (clock.elapsed() < qint64(seconds) * 1000) {
        const QByteArray &base = corpus.at(qsizetype(rng.bounded(quint32(corpus.size()))));
        run(mutate(base, corpus, rng, maxLen));
        ++execs;
    }
    const double s = double(clock.elapsed()) / 1000.0;
    std::printf("%s: %lld execs in %.1f s (%.0f/s), %lld seeds, seed %u, 0 crashes\n",
                qPrintable(name), static_cast<long long>(execs), s, s > 0 ? double(execs) / s : 0.0,
                static_cast<long long>(corpus.size()), seed);
    return 0;
}
