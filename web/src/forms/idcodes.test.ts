import { describe, expect, it } from 'vitest'

import { checkCreditCode, checkIdNumber, checkPhone } from './idcodes'

describe('id numbers', () => {
  it('accepts valid numbers, lower-case x included', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull()
    expect(checkIdNumber('11010519491231002x')).toBeNull()
  })

  it('names the first rule that fails, as the server does', () => {
    expect(checkIdNumber('1101051949123100')).toBe('长度应为18位，实际为16位')
    expect(checkIdNumber('11010519491231A02X')).toBe('第15位应为数字，实际为“A”')
    expect(checkIdNumber('99010519491231002X')).toBe('前2位“99”不是有效的省级行政区划代码')
    expect(checkIdNumber('11010519490231002X')).toBe('出生日期19490231无效')
    expect(checkIdNumber('11010518991231002X')).toBe('出生日期18991231早于1900年1月1日')
    expect(checkIdNumber('11010520991231002X', '20260302')).toBe('出生日期20991231晚于今天（20260302）')
    expect(checkIdNumber('110105194912310021')).toBe('第18位校验码应为X，实际为1')
  })
})

describe('credit codes', () => {
  it('accepts a valid code', () => {
    expect(checkCreditCode('91350100M000100Y43')).toBeNull()
  })

  it('names the first rule that fails', () => {
    expect(checkCreditCode('91350100M000100Y4')).toBe('长度应为18位，实际为17位')
    expect(checkCreditCode('91350100m000100Y43')).toBe('第9位“m”应为大写字母')
    expect(checkCreditCode('91350100O000100Y43')).toMatch(/^第9位不能使用字母O/)
    expect(checkCreditCode('B1350100M000100Y43')).toMatch(/^第1位登记管理部门代码“B”无效/)
    expect(checkCreditCode('95350100M000100Y43')).toBe('第2位机构类别代码“5”与登记管理部门代码“9”（市场监管）不符，应为1、2或3')
    expect(checkCreditCode('91990100M000100Y43')).toMatch(/前2位“99”不是有效的省级/)
    expect(checkCreditCode('91350100M000100Y53')).toBe('第17位组织机构代码校验码应为4，实际为5')
    expect(checkCreditCode('91350100M000100Y44')).toBe('第18位校验码应为3，实际为4')
  })
})

describe('phones', () => {
  it('accepts mobiles and landlines with area codes', () => {
    expect(checkPhone('13812345678')).toBeNull()
    expect(checkPhone('021-56781234')).toBeNull()
    expect(checkPhone('02156781234')).toBeNull()
    expect(checkPhone('95598')).toBeNull()
    expect(checkPhone('4008201234')).toBeNull()
    expect(checkPhone('138 1234 5678')).not.toBeNull()
    expect(checkPhone('12345')).toBe('请填写11位手机号码或带区号的固定电话')
    expect(checkPhone('23812345678')).not.toBeNull()
  })
})
