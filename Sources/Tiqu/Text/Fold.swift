import COpenCC
import Foundation

/// Traditional → Simplified conversion through OpenCC's `t2s.json` configuration.
///
/// One converter serves all threads: OpenCC's converter is immutable once built.
public final class ScriptConverter: @unchecked Sendable {
    private let handle: opencc_t

    /// OpenCC finds `t2s.json` in its data directory by name.
    public init?(config: String = "t2s.json") {
        guard let h = opencc_open(config), h != opencc_t(bitPattern: -1) else { return nil }
        handle = h
    }

    deinit { opencc_close(handle) }

    /// Converts `text` with this converter's configuration (Simplified for the default `t2s.json`).
    public func simplified(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var bytes = Array(text.utf8)
        let length = bytes.count
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buf -> String in
            guard
                let out = buf.baseAddress!.withMemoryRebound(
                    to: CChar.self, capacity: buf.count, { opencc_convert_utf8(handle, $0, length) })
            else {
                return text
            }
            defer { opencc_convert_utf8_free(out) }
            return String(cString: out)
        }
    }

    /// The shared converter; nil only when OpenCC's data files are missing.
    public static let shared: ScriptConverter? = ScriptConverter()
}

/// Folds the ways one text can be written so that one pattern matches them all:
/// full-width ASCII and ideographic spaces become ASCII, Traditional becomes Simplified.
public enum Fold {
    /// Full-width ASCII (U+FF01–FF5E) → ASCII, and unusual spaces → U+0020, one scalar for one.
    public static func width(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var changed = false
        for s in text.unicodeScalars {
            let v = s.value
            if v >= 0xFF01 && v <= 0xFF5E {
                scalars.append(Unicode.Scalar(v - 0xFEE0)!)
                changed = true
            } else if v == 0x3000 || v == 0x00A0 || (v >= 0x2000 && v <= 0x200A) || v == 0x202F || v == 0x205F {
                scalars.append(" ")
                changed = true
            } else {
                scalars.append(s)
            }
        }
        return changed ? String(scalars) : text
    }

    /// The matching form of a text: width-folded, then Simplified.
    public static func matching(_ text: String) -> String {
        let folded = width(text)
        return ScriptConverter.shared?.simplified(folded) ?? folded
    }
}
