import JiuyePlatform
import JiuyeDomain

extension CaseType {
    /// 毕业去向登记 (seed 004 §2(2)): one case per graduate and graduation year.
    package static let destination: CaseType = {
        var type = CaseType(
            key: "destination",
            table: "destination_cases",
            definition: ProcessDefinitions.destination,
            fields: ([DestinationField.category, .subtype] + DestinationFields.order).map { FieldDiff.Field($0.key, $0.label) },
            business: .destination,
            display: DestinationText.display,
            // Every graduate of the cohort registers a destination: those with no case yet count as 未提交.
            applicants: ApplicantSource(
                table: "students", userColumn: "user_id",
                scopeColumns: [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id", .class: "class_id",
                               .cohort: "cohort", .level: "level"],
                periodColumn: "cohort"),
            // A graduate's case stands where the graduate's record does; the school sets the window.
            scope: CaseScope(
                columns: [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id", .class: "class_id",
                          .cohort: "cohort", .level: "level"],
                derived: CaseScope.stageFromLevel,
                counted: [.school, .college, .cohort, .level],
                windowOwner: (.school, .school),
                shown: [.college, .major, .level, .cohort]),
            applicantNumber: "学号")
        // What a registration must hold, for the graduate's own submit, 代录 and any import alike.
        let fields = type.fields
        type.validate = { data in
            let problems = DestinationForm.problems(data)
            return (fields.compactMap { problems[$0.key] } + problems.sorted { $0.key < $1.key }.map(\.value)).first
        }
        // Details list only what the registered 毕业去向 asks for, with its own labels.
        type.detailLabels = { data in
            guard let row = data["category"].flatMap(DestinationForm.category)?.requirements else { return [:] }
            var labels: [String: String] = [:]
            for field in row.shownFields { labels[field.key] = row.label(of: field) }
            return labels
        }
        type.shownFields = { data in
            guard let row = data["category"].flatMap(DestinationForm.category)?.requirements else { return ["category"] }
            return Set(row.shownFields.map(\.key) + ["category"])
        }
        // 去向落实 counters, moved with the case (issue 17 item 8).
        type.afterMove = { before, after, inForce, _, db in
            try await DestinationTallies.move(before: before, after: after, inForce: inForce, on: db)
        }
        // Seed 004 §2(3): the 审核标准 of the registered 毕业去向, beside its evidence.
        // The review flags the content alone shows (C14: a 人才服务/劳务派遣 unit for 10, 实习/见习 in the
        // remark) follow the standard; those that need other records are not computed here yet.
        type.reviewSections = { req, row, user in try await SigningReview.section(req, row: row) + DestinationPaper.section(req, row: row, user: user) }
        type.guidance = { data in
            let standard = data["category"].flatMap(DestinationForm.category)?.reviewStandard
            let facts = DestinationReviewFacts(student: 0, category: data["category"] ?? "", unitName: data["unit_name"] ?? "",
                                               contactMobile: data["contact_mobile"], texts: [data["remark"] ?? ""])
            let flags = DestinationReviewFlags.compute(facts).map { "【需核实】\($0.label)：\($0.explanation)" }
            let text = ([standard].compactMap { $0 } + flags).joined(separator: "\n")
            return text.isEmpty ? nil : text
        }
        return type
    }()
}

package enum DestinationText {
    /// The stored codes shown as "11 签劳动合同形式就业".
    package static func display(_ data: [String: String]) -> [String: String] {
        var shown = data
        if let code = data["category"], let category = DestinationForm.category(code) { shown["category"] = "\(code) \(category.displayLabel)" }
        if let code = data["position"], let position = DestinationForm.positions.first(where: { $0.code == code }) { shown["position"] = "\(code) \(position.label)" }
        if let key = data["subtype"], let heading = data["category"].flatMap(DestinationForm.category)?.heading,
           let subtype = DestinationSubtype.find(key, in: heading) { shown["subtype"] = subtype.label }
        // 单位所在地 is stored as the county code with its full name beside it (resolved on submit);
        // 单位性质, 单位行业 and 国家（地区） with the code table's name.
        if let name = data[DestinationReferences.locationNameKey], !name.isEmpty { shown["unit_location"] = name }
        for field in [DestinationField.unitNature, .industry, .country] {
            if let code = data[field.key], let name = data[DestinationReferences.nameKey(field)], !name.isEmpty {
                shown[field.key] = field == .country ? name : "\(code) \(name)"
            }
        }
        // The names kept beside the codes are not fields of their own.
        for key in DestinationReferences.nameKeys { shown[key] = nil }
        return shown
    }
}
