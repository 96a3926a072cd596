import ServiceKit

// Examples of the catalog's request bodies for its OpenAPI document; its tests decode each as the handler does.

extension CategoryCreateBody: BodyExample {
    static var example: String { #"{"name":"Programming","slug":"programming","description":"Code and craft"}"# }
}

extension CategoryPatchBody: BodyExample {
    static var example: String { #"{"description":"Writing software, from the first line to production"}"# }
}

extension CourseBody: BodyExample {
    static var example: String {
        #"""
        {"title":"Swift on the Server","description":"Build HTTP services in Swift","level":"intermediate",
        "tags":["swift","server"],"language":"en","price":4900,"currency":"USD",
        "learningOutcomes":["Write a service"],"coverUrl":"https://images.example.com/swift.jpg"}
        """#
    }
}

extension SectionBody: BodyExample {
    static var example: String { #"{"title":"Getting started","description":"Tools and a first route"}"# }
}

extension LessonBody: BodyExample {
    static var example: String {
        #"{"title":"Hello, server","type":"video","durationSeconds":420,"videoUrl":"https://video.example.com/1.mp4","isFreePreview":true}"#
    }
}

extension MaterialBody: BodyExample {
    static var example: String { #"{"title":"Slides","url":"https://files.example.com/slides.pdf","kind":"pdf"}"# }
}

extension CurriculumOrderBody: BodyExample {
    static var example: String {
        #"""
        {"sections":[{"id":"01a24ed6-7a49-75e8-9837-2b97eb45015c",
        "lessons":["01a24ed6-7a4a-73d9-b9d5-e8d25bace828","01a24ed6-7a4a-73d9-b9d5-e8d25bace829"]}],"version":3}
        """#
    }
}

extension RejectBody: BodyExample {
    static var example: String { #"{"reason":"The second section has no lessons yet."}"# }
}

extension InternalCourseRoutes.BatchBody: BodyExample {
    static var example: String { #"{"ids":["01a24ed6-7a48-741f-a87e-36c926d65d11"]}"# }
}
