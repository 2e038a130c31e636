import Foundation
import XCTest
@testable import JiuyeHTML

final class FormComponentTests: XCTestCase {
    // MARK: TextField

    func testLabelIsTiedToInputByDefaultID() throws {
        let html = TextField("姓名", name: "name").renderedString()
        XCTAssertTrue(html.contains("<label for=\"f-name\">姓名</label>"), html)
        XCTAssertNotNil(html.tag("input", containing: "id=\"f-name\""), html)
    }

    func testExplicitIDIsUsedForLabelAndInput() throws {
        let html = TextField("邮箱", name: "email", id: "login-email").renderedString()
        XCTAssertTrue(html.contains("for=\"login-email\""))
        XCTAssertNotNil(html.tag("input", containing: "id=\"login-email\""))
    }

    func testRequiredFieldHasMarkAndAttribute() throws {
        let html = TextField("姓名", name: "name", required: true).renderedString()
        XCTAssertTrue(html.contains("<span class=\"req\" aria-hidden=\"true\">*</span>"), html)
        let input = try XCTUnwrap(html.tag("input", containing: "name=\"name\""))
        XCTAssertTrue(input.contains(" required"), input)
    }

    func testOptionalFieldHasNeitherMarkNorAttribute() throws {
        let html = TextField("备注", name: "memo").renderedString()
        XCTAssertFalse(html.contains("class=\"req\""))
        XCTAssertFalse(html.contains("required"))
    }

    func testErrorSetsAriaInvalidAndDescribedBy() throws {
        let html = TextField("手机号", name: "phone", error: "手机号格式不正确").renderedString()
        let input = try XCTUnwrap(html.tag("input", containing: "name=\"phone\""))
        XCTAssertTrue(input.contains("aria-invalid=\"true\""), input)
        XCTAssertTrue(input.contains("aria-describedby=\"f-phone-error\""), input)
        XCTAssertTrue(html.contains("<p class=\"field-error\" id=\"f-phone-error\">手机号格式不正确</p>"), html)
        XCTAssertTrue(html.contains("class=\"field has-error\""))
    }

    func testErrorAndHintAreBothDescribed() throws {
        let html = TextField("手机号", name: "phone", error: "格式不正确", hint: "11 位数字").renderedString()
        let input = try XCTUnwrap(html.tag("input", containing: "name=\"phone\""))
        XCTAssertTrue(input.contains("aria-describedby=\"f-phone-error f-phone-hint\""), input)
        XCTAssertTrue(html.contains("<p class=\"field-hint\" id=\"f-phone-hint\">11 位数字</p>"))
    }

    func testNoErrorMeansNoAriaInvalid() throws {
        let html = TextField("手机号", name: "phone", hint: "11 位数字").renderedString()
        XCTAssertFalse(html.contains("aria-invalid"))
        XCTAssertFalse(html.contains("field-error"))
        XCTAssertTrue(html.contains("aria-describedby=\"f-phone-hint\""))
    }

    func testReadOnlyTextFieldHasReadonlyAttributeAndGreyClass() throws {
        let html = TextField("身份证号", name: "idNumber", value: "110101200001011234", readOnly: true).renderedString()
        let input = try XCTUnwrap(html.tag("input", containing: "name=\"idNumber\""))
        XCTAssertTrue(input.contains(" readonly"), input)
        XCTAssertTrue(input.contains("value=\"110101200001011234\""))
        XCTAssertTrue(html.contains("class=\"field is-readonly\""))
    }

    func testValueAndPlaceholderAreEscaped() throws {
        let html = TextField("单位", name: "org", value: "\"><script>alert(1)</script>", placeholder: "如：\"某某\"公司").renderedString()
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), html)
        XCTAssertTrue(html.contains("placeholder=\"如：&quot;某某&quot;公司\""))
    }

    func testOptionalInputAttributes() throws {
        let html = TextField("手机号", name: "phone", type: "tel", autocomplete: "tel", inputMode: "numeric", maxLength: 11).renderedString()
        let input = try XCTUnwrap(html.tag("input", containing: "name=\"phone\""))
        XCTAssertTrue(input.contains("type=\"tel\""))
        XCTAssertTrue(input.contains("autocomplete=\"tel\""))
        XCTAssertTrue(input.contains("inputmode=\"numeric\""))
        XCTAssertTrue(input.contains("maxlength=\"11\""))
    }

    func testPasswordValueIsNeverEchoed() throws {
        let html = TextField("密码", name: "password", value: "Secret#2024", type: "password").renderedString()
        XCTAssertFalse(html.contains("Secret#2024"))
        XCTAssertFalse(html.contains("value="))
    }

    func testNewPasswordGetsStrengthMeterButConfirmationDoesNot() throws {
        let new = TextField("新密码", name: "newPassword", type: "password", autocomplete: "new-password").renderedString()
        XCTAssertTrue(new.contains("data-strength-meter"), new)
        let confirm = TextField("确认密码", name: "confirmPassword", type: "password", autocomplete: "new-password").renderedString()
        XCTAssertFalse(confirm.contains("data-strength-meter"))
        let current = TextField("原密码", name: "password", type: "password", autocomplete: "current-password").renderedString()
        XCTAssertFalse(current.contains("data-strength-meter"))
    }

    func testNameWithBracketsGivesValidID() throws {
        let html = TextField("联系人", name: "contacts[0].name").renderedString()
        XCTAssertTrue(html.contains("id=\"f-contacts-0--name\""), html)
        XCTAssertTrue(html.contains("name=\"contacts[0].name\""))
    }

    // MARK: TextAreaField

    func testTextAreaKeepsLeadingNewlineAndEscapes() throws {
        let html = TextAreaField("情况说明", name: "note", value: "\n第一行 </textarea><b>", required: true, rows: 6).renderedString()
        XCTAssertTrue(html.contains("rows=\"6\""))
        XCTAssertTrue(html.contains(" required"))
        XCTAssertTrue(html.contains(">\n\n第一行 &lt;/textarea&gt;&lt;b&gt;</textarea>"), html)
    }

    func testReadOnlyTextAreaAndError() throws {
        let html = TextAreaField("意见", name: "opinion", error: "请填写意见", readOnly: true).renderedString()
        let tag = try XCTUnwrap(html.tag("textarea", containing: "name=\"opinion\""))
        XCTAssertTrue(tag.contains(" readonly"))
        XCTAssertTrue(tag.contains("aria-invalid=\"true\""))
        XCTAssertTrue(tag.contains("aria-describedby=\"f-opinion-error\""))
    }

    // MARK: SelectField

    private let colleges = [SelectOption("cs", "计算机学院"), SelectOption("law", "法学院")]

    func testSelectMarksSelectedOptionAndPrompt() throws {
        let html = SelectField("学院", name: "college", options: colleges, selected: "law", required: true).renderedString()
        XCTAssertTrue(html.contains("<option value=\"\">请选择</option>"), html)
        XCTAssertTrue(html.contains("<option value=\"law\" selected>法学院</option>"))
        XCTAssertTrue(html.contains("<option value=\"cs\">计算机学院</option>"))
        let select = try XCTUnwrap(html.tag("select", containing: "id=\"f-college\""))
        XCTAssertTrue(select.contains("name=\"college\""))
        XCTAssertTrue(select.contains(" required"))
        XCTAssertTrue(html.contains("class=\"req\""))
    }

    func testSelectWithoutPrompt() throws {
        let html = SelectField("学院", name: "college", options: colleges, prompt: nil).renderedString()
        XCTAssertFalse(html.contains("请选择"))
        XCTAssertEqual(html.occurrences(of: "<option"), 2)
    }

    func testReadOnlySelectIsDisabledWithHiddenValue() throws {
        let html = SelectField("学院", name: "college", options: colleges, selected: "cs", readOnly: true).renderedString()
        let select = try XCTUnwrap(html.tag("select", containing: "id=\"f-college\""))
        XCTAssertTrue(select.contains(" disabled"), select)
        XCTAssertFalse(select.contains("name="), "a disabled select is not submitted; the hidden input carries the value")
        XCTAssertTrue(html.contains("<input type=\"hidden\" name=\"college\" value=\"cs\">"), html)
        XCTAssertTrue(html.contains("is-readonly"))
    }

    func testSelectErrorSetsAria() throws {
        let html = SelectField("学院", name: "college", options: colleges, error: "请选择学院").renderedString()
        let select = try XCTUnwrap(html.tag("select", containing: "id=\"f-college\""))
        XCTAssertTrue(select.contains("aria-invalid=\"true\""))
        XCTAssertTrue(select.contains("aria-describedby=\"f-college-error\""))
    }

    // MARK: RadioGroup

    private let genders = [SelectOption("M", "男"), SelectOption("F", "女")]

    func testRadioGroupIsFieldsetWithLegendAndLabelledRadios() throws {
        let html = RadioGroup("性别", name: "gender", options: genders, selected: "F", required: true).renderedString()
        XCTAssertTrue(html.hasPrefix("<fieldset"))
        XCTAssertTrue(html.contains("<legend id=\"f-gender-legend\">性别<span class=\"req\" aria-hidden=\"true\">*</span></legend>"), html)
        let female = try XCTUnwrap(html.tag("input", containing: "value=\"F\""))
        XCTAssertTrue(female.contains(" checked"))
        XCTAssertTrue(female.contains(" required"))
        XCTAssertTrue(female.contains("id=\"f-gender-1\""))
        XCTAssertTrue(html.contains("<label class=\"choice\" for=\"f-gender-1\">"))
        XCTAssertFalse(try XCTUnwrap(html.tag("input", containing: "value=\"M\"")).contains("checked"))
    }

    func testRadioGroupErrorIsOnTheGroup() throws {
        let html = RadioGroup("性别", name: "gender", options: genders, error: "请选择性别").renderedString()
        let group = try XCTUnwrap(html.tag("fieldset", containing: "role=\"radiogroup\""))
        XCTAssertTrue(group.contains("aria-invalid=\"true\""))
        XCTAssertTrue(group.contains("aria-describedby=\"f-gender-error\""))
        XCTAssertTrue(html.contains("id=\"f-gender-error\">请选择性别</p>"))
    }

    func testReadOnlyRadioGroupIsDisabledWithHiddenValue() throws {
        let html = RadioGroup("性别", name: "gender", options: genders, selected: "M", readOnly: true).renderedString()
        XCTAssertEqual(html.occurrences(of: " disabled"), 2)
        XCTAssertEqual(html.occurrences(of: "name=\"gender\""), 1, "only the hidden input is submitted")
        XCTAssertTrue(html.contains("<input type=\"hidden\" name=\"gender\" value=\"M\">"))
    }

    // MARK: Checkboxes

    func testCheckboxFieldCheckedAndLabelled() throws {
        let html = CheckboxField("我已阅读并同意《用户协议》", name: "agree", checked: true).renderedString()
        let box = try XCTUnwrap(html.tag("input", containing: "type=\"checkbox\""))
        XCTAssertTrue(box.contains("name=\"agree\""))
        XCTAssertTrue(box.contains("value=\"1\""))
        XCTAssertTrue(box.contains(" checked"))
        XCTAssertTrue(html.contains("for=\"f-agree\""))
        XCTAssertTrue(html.contains("我已阅读并同意《用户协议》"))
    }

    func testReadOnlyCheckboxSubmitsOnlyWhenChecked() throws {
        let on = CheckboxField("困难生", name: "needy", checked: true, readOnly: true).renderedString()
        XCTAssertTrue(on.contains(" disabled"))
        XCTAssertTrue(on.contains("<input type=\"hidden\" name=\"needy\" value=\"1\">"), on)
        let off = CheckboxField("困难生", name: "needy", checked: false, readOnly: true).renderedString()
        XCTAssertTrue(off.contains(" disabled"))
        XCTAssertFalse(off.contains("type=\"hidden\""))
    }

    func testCheckboxGroupChecksTheSetAndHidesValuesWhenReadOnly() throws {
        let options = [SelectOption("a", "低保家庭"), SelectOption("b", "残疾"), SelectOption("c", "建档立卡")]
        let html = CheckboxGroup("困难类型", name: "kinds", options: options, checked: ["a", "c"]).renderedString()
        XCTAssertEqual(html.occurrences(of: " checked"), 2)
        XCTAssertEqual(html.occurrences(of: "name=\"kinds\""), 3)
        XCTAssertTrue(html.contains("<legend>困难类型</legend>"))

        let readOnly = CheckboxGroup("困难类型", name: "kinds", options: options, checked: ["a", "c"], readOnly: true).renderedString()
        XCTAssertEqual(readOnly.occurrences(of: " disabled"), 3)
        XCTAssertEqual(readOnly.occurrences(of: "type=\"hidden\""), 2)
        XCTAssertTrue(readOnly.contains("<input type=\"hidden\" name=\"kinds\" value=\"c\">"))
    }

    // MARK: Buttons

    func testButtonKindsAndAttributes() throws {
        XCTAssertEqual(Button("保存").renderedString(), "<button type=\"submit\" class=\"btn btn-primary\">保存</button>")
        XCTAssertEqual(
            Button("驳回", kind: .danger, name: "decision", value: "reject").renderedString(),
            "<button type=\"submit\" class=\"btn btn-danger\" name=\"decision\" value=\"reject\">驳回</button>"
        )
        XCTAssertTrue(Button("取消", kind: .secondary, type: "button").renderedString().contains("type=\"button\" class=\"btn btn-secondary\""))
        XCTAssertTrue(Button("详情", kind: .link).renderedString().contains("btn-link"))
    }

    func testLinkButtonAndFormActions() throws {
        let html = FormActions {
            Button("提交")
            LinkButton("返回列表", href: "/students")
        }.renderedString()
        XCTAssertEqual(html, "<div class=\"form-actions\"><button type=\"submit\" class=\"btn btn-primary\">提交</button><a class=\"btn btn-secondary\" href=\"/students\">返回列表</a></div>")
        XCTAssertEqual(LinkButton("x", href: "javascript:alert(1)").renderedString(), "<a class=\"btn btn-secondary\" href=\"#\">x</a>")
    }

    func testCSRFField() throws {
        XCTAssertEqual(CSRFField("a\"b").renderedString(), "<input type=\"hidden\" name=\"_csrf\" value=\"a&quot;b\">")
    }
}
