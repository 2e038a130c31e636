/// Every column holding a `KeyService` ciphertext (`k<n>:…`). `jiuye keys rotate` re-encrypts
/// exactly these and `jiuye keys status` counts them, so a new sealed column goes here in the
/// same change as its migration. `id` is the table's integer key, used to walk it in batches.
package enum SealedColumns {
    package static let all: [(table: String, id: String, column: String)] = [
        ("users", "id", "id_number_cipher"),
        ("users", "id", "phone_cipher"),
        ("users", "id", "totp_secret_cipher"),
        ("outbox", "id", "recipient_cipher"),
        ("outbox", "id", "body_cipher"),
        ("upload_blobs", "id", "data_key_cipher"),
        ("imports", "id", "data_key_cipher"),
        ("graduate_records", "user_id", "personal_cipher"),
        ("document_versions", "id", "token_cipher"),
    ]
}
