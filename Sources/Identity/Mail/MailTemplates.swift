/// The texts of the e-mails identity sends.
enum MailTemplates {
    static func signUpCode(to email: String, code: String, minutes: Int) -> MailMessage {
        MailMessage(
            recipient: email, subject: "Your Campus sign-up code",
            body: """
                Your Campus sign-up code is \(code)

                It is valid for \(minutes) minutes and can be used once. If you did not ask for it, ignore this
                message: no account is created without the code.
                """)
    }

    static func accountExists(to email: String) -> MailMessage {
        MailMessage(
            recipient: email, subject: "You already have a Campus account",
            body: """
                Someone asked for a sign-up code for this address, but it already has a Campus account.
                Log in instead, or reset your password if you forgot it. If this was not you, ignore this message.
                """)
    }

    static func passwordReset(to email: String, link: String, minutes: Int) -> MailMessage {
        MailMessage(
            recipient: email, subject: "Reset your Campus password",
            body: """
                To choose a new password, open this link within \(minutes) minutes:

                \(link)

                The link works once. If you did not ask for it, ignore this message; your password stays as it is.
                """)
    }
}
