import ServiceKit

// Examples of identity's request bodies for its OpenAPI document; its tests decode each as the handler does.

extension CodeRequestBody: BodyExample {
    static var example: String { #"{"email":"ada@example.com"}"# }
}

extension SignUpBody: BodyExample {
    static var example: String {
        #"""
        {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","password":"analytical engine 1843",
        "confirmPassword":"analytical engine 1843","otp":"123456","accountType":"student"}
        """#
    }
}

extension LogInBody: BodyExample {
    static var example: String { #"{"email":"ada@example.com","password":"analytical engine 1843"}"# }
}

extension RefreshBody: BodyExample {
    static var example: String {
        #"{"refreshToken":"4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e"}"#
    }
}

extension ForgotPasswordBody: BodyExample {
    static var example: String { #"{"email":"ada@example.com"}"# }
}

extension ResetPasswordBody: BodyExample {
    static var example: String {
        #"{"token":"9b8a7c6d5e4f3a2b1c0d","password":"difference engine 1822","confirmPassword":"difference engine 1822"}"#
    }
}

extension ChangePasswordBody: BodyExample {
    static var example: String {
        #"""
        {"currentPassword":"analytical engine 1843","newPassword":"difference engine 1822",
        "confirmPassword":"difference engine 1822"}
        """#
    }
}

extension AccountPatchBody: BodyExample {
    static var example: String { #"{"firstName":"Ada","lastName":"King"}"# }
}

extension ProfilePatchBody: BodyExample {
    static var example: String {
        #"{"about":"Mathematician.\nWrites programs for engines.","website":"https://ada.example.com","socialLinks":{"github":"https://github.com/ada"}}"#
    }
}

extension PreferencesPatchBody: BodyExample {
    static var example: String { #"{"notifyMarketing":false,"language":"en","timezone":"Europe/London"}"# }
}

extension DeleteAccountBody: BodyExample {
    static var example: String { #"{"password":"analytical engine 1843"}"# }
}

extension RoleBody: BodyExample {
    static var example: String { #"{"role":"instructor"}"# }
}

extension StatusBody: BodyExample {
    static var example: String { #"{"status":"suspended","reason":"Repeated spam in course reviews."}"# }
}

extension DecisionBody: BodyExample {
    static var example: String { #"{"decision":"approve","reason":"Ten years of teaching experience."}"# }
}
