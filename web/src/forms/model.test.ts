import { describe, expect, it } from 'vitest'

import {
  computeValues,
  displayValue,
  editableValues,
  layout,
  mapServerErrors,
  normalizeForm,
  tableSummary,
  validateForm,
  validateValue,
  type FieldDef,
} from './model'

// Shaped like the catalog's form bodies (keys as in data/definitions/forms/*.yaml).
const form = normalizeForm({
  id: 'food_business_licence',
  title: '食品经营许可申请表',
  sections: [
    {
      id: 'operator',
      title: '经营者信息',
      fields: [
        { key: 'company_name', label: '经营者名称', type: 'text', required: true, validation: { max_length: 50 } },
        { key: 'credit_code', label: '统一社会信用代码', type: 'credit_code', required: true },
        { key: 'legal_id', label: '法定代表人身份证号码', type: 'id_number', required: true },
        { key: 'phone', label: '联系电话', type: 'phone', required: true },
        {
          key: 'postcode',
          label: '邮政编码',
          type: 'text',
          validation: { pattern: '[0-9]{6}', pattern_message: '邮政编码应为6位数字' },
        },
      ],
    },
    {
      id: 'business',
      title: '经营项目',
      fields: [
        {
          key: 'scope',
          label: '经营项目',
          type: 'multi_select',
          required: true,
          options: [{ value: 'hot', label: '热食类食品制售' }, 'cold'],
          validation: { min_items: 1 },
        },
        { key: 'area', label: '经营面积（平方米）', type: 'number', decimals: 1, validation: { min: 1 } },
        { key: 'seats', label: '座位数', type: 'number', required: true, visible_when: "'hot' in form.scope" },
        { key: 'fee', label: '预估费用', type: 'money', compute: 'form.area * 2.5' },
      ],
    },
    {
      id: 'staff_section',
      title: '从业人员',
      visible_when: 'answers.has_staff == true',
      fields: [
        {
          key: 'staff',
          label: '从业人员',
          type: 'table',
          required: true,
          columns: [
            { key: 'name', label: '姓名', type: 'text', required: true },
            { key: 'id_number', label: '身份证号码', type: 'id_number', required: true },
          ],
        },
        // Shared with another member form of a bundle: asked once.
        { key: 'company_name', label: '经营者名称', type: 'text', required: true },
      ],
    },
  ],
})

const field = (key: string): FieldDef => form.sections.flatMap((s) => s.fields).find((f) => f.key === key)!

describe('normalizeForm', () => {
  it('fills defaults: option labels, money decimals, missing flags', () => {
    expect(field('scope').options).toEqual([
      { value: 'hot', label: '热食类食品制售' },
      { value: 'cold', label: 'cold' },
    ])
    expect(field('fee').decimals).toBe(2)
    expect(field('postcode').required).toBe(false)
    expect(field('staff').columns.map((c) => c.key)).toEqual(['name', 'id_number'])
  })
})

describe('layout', () => {
  it('shows a field when its condition holds and hides it while undecided', () => {
    const keys = (values: Record<string, unknown>, answers = {}) =>
      layout(form, values, answers).flatMap((s) => s.fields.map((f) => f.key))
    expect(keys({})).not.toContain('seats')
    expect(keys({ scope: ['cold'] })).not.toContain('seats')
    expect(keys({ scope: ['hot'] })).toContain('seats')
  })

  it('shows sections by the situation answers and a shared key once', () => {
    const sections = (answers: Record<string, unknown>) => layout(form, {}, answers).map((s) => s.section.id)
    expect(sections({})).toEqual(['operator', 'business'])
    expect(sections({ has_staff: true })).toEqual(['operator', 'business', 'staff_section'])
    const staff = layout(form, {}, { has_staff: true })[2]!
    expect(staff.fields.map((f) => f.key)).toEqual(['staff'])
  })
})

describe('validation', () => {
  const valid = {
    company_name: '上海宝晟餐饮管理有限公司',
    credit_code: '91350100M000100Y43',
    legal_id: '11010519491231002X',
    phone: '13812345678',
    scope: ['cold'],
  }

  it('accepts a complete form', () => {
    expect(validateForm(form, valid)).toEqual({})
  })

  it('reports required fields with their labels', () => {
    const errors = validateForm(form, {})
    expect(errors.company_name).toBe('请填写经营者名称')
    expect(errors.scope).toBe('请选择经营项目')
    expect(errors.seats).toBeUndefined() // hidden: not required
    expect(validateForm(form, { ...valid, scope: ['hot'] }).seats).toBe('请填写座位数')
  })

  it('checks id numbers, credit codes, phones and patterns', () => {
    const errors = validateForm(form, {
      ...valid,
      credit_code: '91350100M000100Y44',
      legal_id: '110105194912310021',
      phone: '12345',
      postcode: '2019',
    })
    expect(errors.credit_code).toBe('统一社会信用代码有误：第18位校验码应为3，实际为4')
    expect(errors.legal_id).toBe('身份证号码有误：第18位校验码应为X，实际为1')
    expect(errors.phone).toMatch(/手机号码/)
    expect(errors.postcode).toBe('邮政编码应为6位数字')
    expect(validateValue(field('phone'), '021-56781234')).toBeNull()
    expect(validateValue(field('credit_code'), '91350100m000100y43')).toMatch(/应为大写字母/)
  })

  it('checks numbers, lengths and item counts', () => {
    expect(validateValue(field('area'), 12.25)).toBe('经营面积（平方米）最多保留1位小数')
    expect(validateValue(field('area'), 0.5)).toBe('经营面积（平方米）不能小于1')
    expect(validateValue(field('area'), 'abc')).toBe('经营面积（平方米）应为数字')
    expect(validateValue(field('company_name'), 'x'.repeat(51))).toBe('经营者名称不能超过50个字')
    expect(validateValue(field('postcode'), '1'.repeat(201))).toBe('邮政编码不能超过200个字')
    expect(validateValue(field('scope'), [])).toBe('请选择经营项目')
  })

  it('validates table rows cell by cell', () => {
    const errors = validateForm(form, { ...valid, staff: [{ name: '张伟', id_number: '123' }, {}] }, { has_staff: true })
    expect(errors['staff/0/id_number']).toMatch(/长度应为18位/)
    expect(errors['staff/1/name']).toBe('请填写姓名')
    expect(tableSummary(field('staff'), errors)).toMatch(/^第1行 身份证号码：/)
    expect(validateForm(form, { ...valid, staff: [] }, { has_staff: true }).staff).toBe('请至少填写一行从业人员')
  })
})

describe('computed values', () => {
  it('previews computed fields and never sends them', () => {
    expect(computeValues(form, { area: 10 })).toEqual({ fee: 25 })
    expect(computeValues(form, {})).toEqual({ fee: null })
    expect(editableValues(form, { area: 10, fee: 25 })).toEqual({ area: 10 })
  })
})

describe('mapServerErrors', () => {
  it('finds fields by plain keys, prefixed keys and table paths', () => {
    const { fields, other } = mapServerErrors(form, [
      { field: 'company_name', message: '必填' },
      { field: 'fields/phone', message: '格式不正确' },
      { field: 'form.credit_code', message: '校验码错误' },
      { field: 'staff/1/name', message: '必填' },
      { field: 'staff[0].id_number', message: '格式不正确' },
      { field: 'answers', message: '没有适用的事项' },
    ])
    expect(fields).toEqual({
      company_name: '必填',
      phone: '格式不正确',
      credit_code: '校验码错误',
      'staff/1/name': '必填',
      'staff/0/id_number': '格式不正确',
    })
    expect(other).toEqual(['answers：没有适用的事项'])
  })
})

describe('displayValue', () => {
  it('shows labels, money and blanks', () => {
    expect(displayValue(field('scope'), ['hot', 'cold'])).toBe('热食类食品制售、cold')
    expect(displayValue(field('fee'), 25)).toBe('25.00 元')
    expect(displayValue(field('postcode'), '')).toBe('—')
  })
})
