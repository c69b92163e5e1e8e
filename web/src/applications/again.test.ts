import { describe, expect, it } from 'vitest'

import { normalizeForm } from '@/forms/model'

import { changeRows, changeValueText, looseValue } from './again'

const FORM = normalizeForm({
  id: 'f',
  title: 'f',
  sections: [
    {
      id: 's',
      fields: [
        { key: 'company_name', label: '经营者名称', type: 'text' },
        { key: 'capital', label: '注册资本', type: 'money' },
        { key: 'operator_type', label: '主体业态', type: 'select', options: [{ value: 'food', label: '食品销售经营者' }] },
        { key: 'employees', label: '从业人员', type: 'table', columns: [{ key: 'name', label: '姓名', type: 'text' }] },
      ],
    },
  ],
})

describe('再来一单 changes', () => {
  it('reads values without a form', () => {
    expect(looseValue(null)).toBe('（空）')
    expect(looseValue('')).toBe('（空）')
    expect(looseValue(true)).toBe('是')
    expect(looseValue(['a', 'b'])).toBe('a、b')
    expect(looseValue([{ name: 'x' }, { name: 'y' }])).toBe('2 条记录')
    expect(looseValue(12.5)).toBe('12.5')
  })

  it('reads values as the form shows them', () => {
    const money = FORM.sections[0]!.fields[1]!
    expect(changeValueText('1000', money)).toBe('1000.00 元')
    expect(changeValueText([], money)).toBe('（空）')
  })

  it('makes the dialog rows, labels from the change or the form', () => {
    const rows = changeRows(
      [
        { key: 'company_name', label: '经营者名称', before: '旧名称', after: '新名称', source: '法人库' },
        { key: 'operator_type', label: '', before: null, after: 'food', source: '' },
        { key: 'employees', label: '从业人员', before: [{ name: 'a' }], after: [{ name: 'a' }, { name: 'b' }], source: '食品安全监管信息' },
      ],
      FORM,
    )
    expect(rows).toEqual([
      { key: 'company_name', label: '经营者名称', before: '旧名称', after: '新名称', source: '法人库' },
      { key: 'operator_type', label: '主体业态', before: '（空）', after: '食品销售经营者', source: '权威数源' },
      { key: 'employees', label: '从业人员', before: '1 条记录', after: '2 条记录', source: '食品安全监管信息' },
    ])
    expect(changeRows([{ key: 'x', label: '', before: 1, after: 2, source: '' }])[0]!.label).toBe('x')
  })
})
