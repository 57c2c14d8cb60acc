#include "utf8validator.h"

#include <cstring>

namespace cicada {

bool isValidUtf8(const char *data, qint64 size)
{
    const auto *p = reinterpret_cast<const uchar *>(data);
    qint64 i = 0;
    while (i < size) {
        // Most payloads are JSON: skip ASCII a machine word at a time.
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const uchar c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        uchar low = 0x80; // bounds of the second byte (RFC 3629 table)
        uchar high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c == 0xE0) {
            extra = 2;
            low = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            extra = 2;
        } else if (c == 0xED) {
            extra = 2;
            high = 0x9F;
        } else if (c == 0xF0) {
            extra = 3;
            low = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            extra = 3;
        } else if (c == 0xF4) {
            extra = 3;
            high = 0x8F;
        } else {
            return false;
        }
        if (i + extra >= size) // truncated sequence
            return false;
        if (p[i + 1] < low || p[i + 1] > high)
            return false;
        for (int k = 2; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += extra + 1;
    }
    return true;
}

} // namespace cicada
