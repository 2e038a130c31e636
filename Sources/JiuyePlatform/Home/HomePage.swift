import JiuyeHTML

package struct HomePage: HTML {
    package struct Model: Sendable {
        package var displayName: String
        /// nil: a staff account with no role assignment yet.
        package var roleLabel: String?
        package var scopeLines: [(String, String)]
        package var profile: [(String, String)]
        package var links: [(String, String)]
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            if let role = model.roleLabel {
                Card(title: "欢迎，\(model.displayName)") {
                    p { "当前身份：\(role)" }
                    if !model.scopeLines.isEmpty {
                        h3 { "您的管理范围" }
                        DescriptionList(model.scopeLines)
                    }
                    if !model.profile.isEmpty {
                        h3 { "我的信息" }
                        DescriptionList(model.profile)
                    }
                }
                if !model.links.isEmpty {
                    Card(title: "常用功能") {
                        ul(.class("quick-links")) {
                            ForEach(model.links) { link in
                                li { a(.href(link.1)) { link.0 } }
                            }
                        }
                    }
                }
            } else {
                div(.class("empty-state")) {
                    p(.class("empty-title")) { "您的账号尚未分配管理范围" }
                    p(.class("empty-hint")) { "因此页面内容为空。可能原因：" }
                    ol(.class("empty-reasons")) {
                        li { "系统管理员没有为您分配相应的届别和院系、班级；" }
                        li { "分配的管理学历与实际管理院系、班级毕业生的学历不相符；" }
                        li { "系统中确实没有导入毕业生。" }
                    }
                    p(.class("empty-hint")) { "解决办法：联系学校系统管理员。" }
                }
            }
        }.render(into: &buffer)
    }
}
