import JiuyeDomain
import Logging

/// Wraps the process's log handler so that no 证件号码, 手机号 or 银行卡号 reaches a log in
/// clear, whatever a message or its metadata happens to contain (an error text, a path).
package struct MaskingLogHandler: LogHandler {
    package var wrapped: any LogHandler

    package init(wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    package var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    package var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    package func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let masked = metadata?.mapValues { Logger.MetadataValue.string(Masking.redactingPersonalData(in: $0.description)) }
        wrapped.log(level: level, message: "\(Masking.redactingPersonalData(in: message.description))", metadata: masked,
                    source: source, file: file, function: function, line: line)
    }
}
